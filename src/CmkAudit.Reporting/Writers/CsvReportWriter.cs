using CmkAudit.Engine;
using CsvHelper;

namespace CmkAudit.Reporting.Writers;

/// <summary>
/// findings.csv: one row per result for spreadsheets. Values come from Azure data (tags, names), so cells that a
/// spreadsheet would run as a formula (=, +, -, @, tab, CR) are escaped with a leading quote.
/// </summary>
public sealed class CsvReportWriter : SingleFileWriter
{
    private static readonly string[] Header =
        ["ruleId", "ruleName", "severity", "outcome", "resourceType", "subscriptionId", "resourceGroup", "resourceId", "message", "evidence", "remediation", "baselineState", "suppressedUntil"];

    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with
    {
        NewLine = "\n",
        Injection = CsvInjection.Escape,
    };

    public override string Format => "csv";

    public override string FileName => "findings.csv";

    public override void Write(AuditReport report, Stream output)
    {
        using var csv = CsvWriter.Create(output, Options, leaveOpen: true);
        foreach (var name in Header)
        {
            csv.WriteField(name);
        }
        csv.EndRecord();
        foreach (var result in report.Results)
        {
            csv.WriteField(result.RuleId);
            csv.WriteField(result.RuleName);
            csv.WriteField(result.Severity.ToName());
            csv.WriteField(result.Outcome.ToName());
            csv.WriteField(result.ResourceType);
            csv.WriteField(Model.ArmId.SubscriptionOf(result.ResourceId) ?? "");
            csv.WriteField(Model.ArmId.ResourceGroupOf(result.ResourceId) ?? "");
            csv.WriteField(result.ResourceId);
            csv.WriteField(result.Message);
            csv.WriteField(string.Join("; ", result.Evidence.Select(e => $"{e.Path}={e.Value ?? "(absent)"}")));
            csv.WriteField(report.Fixes.TryGetValue(result, out var fix) ? fix.Bash : "");
            csv.WriteField(result.Baseline?.ToName() ?? "");
            csv.WriteField(result.SuppressedBy?.Expires.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "");
            csv.EndRecord();
        }
        csv.Flush();
    }
}
