using System.Globalization;
using System.Text;
using CmkAudit.Engine;
using CmkAudit.Reporting.Remediation;

namespace CmkAudit.Reporting.Writers;

/// <summary>
/// remediate.sh and remediate.ps1: every failing finding's fix, with real names and ids, for a person to review and run.
/// Vault and key fixes come first (registries depend on them), then one section per registry with its fixes in
/// dependency order (assign identity, grant, rotate, clean up), then orphaned identities. Nothing runs at scan time.
/// </summary>
public sealed class RemediationScriptWriter : IReportWriter
{
    public string Format => "remediation";

    public IReadOnlyList<string> FileNames => ["remediate.sh", "remediate.ps1"];

    public void Write(AuditReport report, Func<string, Stream> createFile)
    {
        var sections = Sections(report);
        WriteScript(createFile("remediate.sh"), Shell.Bash, report, sections);
        WriteScript(createFile("remediate.ps1"), Shell.PowerShell, report, sections);
    }

    private sealed record Section(string Title, IReadOnlyList<(RuleResult Result, Fix Fix)> Steps);

    private static List<Section> Sections(AuditReport report)
    {
        static int Order(string resourceType) => resourceType.ToLowerInvariant() switch
        {
            "microsoft.keyvault/vaults" or "microsoft.keyvault/managedhsms" => 0,
            "microsoft.keyvault/vaults/keys" or "microsoft.keyvault/managedhsms/keys" => 1,
            "microsoft.containerregistry/registries" => 2,
            _ => 3,
        };
        static string Kind(string resourceType) => Order(resourceType) switch
        {
            0 => "Key vault",
            1 => "Key",
            2 => "Registry",
            _ => "Identity",
        };
        return report.Results
            .Where(report.Fixes.ContainsKey)
            .GroupBy(r => r.ResourceId, StringComparer.OrdinalIgnoreCase)
            .OrderBy(g => Order(g.First().ResourceType))
            .ThenBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
            .Select(g => new Section(
                $"{Kind(g.First().ResourceType)} {g.Key.TrimEnd('/').Split('/')[^1]} ({g.Key})",
                [.. g.Select(r => (r, report.Fixes[r])).OrderBy(s => s.Item2.Phase).ThenBy(s => s.r.RuleId, StringComparer.Ordinal)]))
            .ToList();
    }

    private static void WriteScript(Stream stream, Shell shell, AuditReport report, IReadOnlyList<Section> sections)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n" };
        var bash = shell == Shell.Bash;
        writer.WriteLine(bash ? "#!/usr/bin/env bash" : "#Requires -Version 7.3");
        var steps = sections.Sum(s => s.Steps.Count);
        foreach (var line in new[]
        {
            $"CmkAudit {report.Tool.Version} remediation plan for the scan of {report.Scan.StartedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}: {steps} fixes for {sections.Count} resources.",
            "Review every block before running it: each names the finding it fixes and the rule behind it. Nothing here ran at scan time.",
            bash ? "Steps that cannot be undone or that remove access ask first; `bash remediate.sh --yes` answers yes to all of them."
                 : "Steps that cannot be undone or that remove access ask first; `./remediate.ps1 -Yes` answers yes to all of them.",
            "Commands name their subscription, so the signed-in account only needs the rights to make each change.",
        })
        {
            writer.WriteLine($"# {Shell.CommentText(line)}");
        }
        if (bash)
        {
            writer.WriteLine("set -euo pipefail");
            writer.WriteLine("assume_yes=0");
            writer.WriteLine("for argument in \"$@\"; do");
            writer.WriteLine("  if [[ \"$argument\" == \"--yes\" ]]; then assume_yes=1; fi");
            writer.WriteLine("done");
            writer.WriteLine("confirm() {");
            writer.WriteLine("  if [[ \"$assume_yes\" == 1 ]]; then return 0; fi");
            writer.WriteLine("  local answer");
            writer.WriteLine("  read -r -p \"$1 [y/N] \" answer");
            writer.WriteLine("  [[ \"$answer\" == [yY]* ]]");
            writer.WriteLine("}");
        }
        else
        {
            writer.WriteLine("param([switch]$Yes)");
            writer.WriteLine("$ErrorActionPreference = 'Stop'");
            writer.WriteLine("$PSNativeCommandUseErrorActionPreference = $true");
            writer.WriteLine("function Confirm-Step([string]$Question) {");
            writer.WriteLine("  if ($Yes) { return $true }");
            writer.WriteLine("  return (Read-Host \"$Question [y/N]\") -match '^[yY]'");
            writer.WriteLine("}");
        }
        if (steps == 0)
        {
            writer.WriteLine("# Nothing to fix: no failing finding has a generated fix.");
        }
        foreach (var section in sections)
        {
            writer.WriteLine();
            writer.WriteLine("# " + new string('=', 110));
            writer.WriteLine($"# {Shell.CommentText(section.Title)}");
            writer.WriteLine("# " + new string('=', 110));
            foreach (var (result, fix) in section.Steps)
            {
                writer.WriteLine();
                writer.WriteLine($"# {result.RuleId} {result.RuleName} ({result.Severity.ToName()}): {Shell.CommentText(result.Message)}");
                writer.Write(bash ? fix.Bash : fix.PowerShell);
            }
        }
    }
}
