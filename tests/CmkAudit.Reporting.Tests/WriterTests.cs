using System.Text;
using System.Text.Json;
using CmkAudit.Engine;
using CmkAudit.Reporting.Writers;

namespace CmkAudit.Reporting.Tests;

public sealed class WriterTests
{
    private static JsonElement Json(SingleFileWriter writer, AuditReport report) =>
        JsonDocument.Parse(DemoReport.Render(writer, report)).RootElement;

    private static AuditReport WithResults(params RuleResult[] results)
    {
        var demo = DemoReport.Value.Value;
        return demo with { Results = results };
    }

    private static RuleResult Result(string message, string resourceId, Outcome outcome = Outcome.Fail) =>
        new("CMK1001", "RegistryCustomerManagedKey", resourceId, "Microsoft.ContainerRegistry/registries", outcome, Severity.High, message, [new Evidence(resourceId, "tags.note", "=1+1")]);

    [Fact]
    public void Json_follows_the_cli_contract()
    {
        var json = Json(new JsonReportWriter(), DemoReport.Value.Value);

        Assert.Equal("1.0", json.GetProperty("schemaVersion").GetString());
        Assert.Equal("CmkAudit", json.GetProperty("tool").GetProperty("name").GetString());
        Assert.Equal("2026-12-01T00:00:00Z", json.GetProperty("scan").GetProperty("startedAt").GetString());
        var results = json.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(DemoReport.Value.Value.Results.Count, results.Count);
        foreach (var name in new[] { "ruleId", "ruleName", "resourceId", "resourceType", "outcome", "severity", "message", "evidence" })
        {
            Assert.True(results[0].TryGetProperty(name, out _), name);
        }
        var keys = results.Select(r => (r.GetProperty("ruleId").GetString()!, r.GetProperty("resourceId").GetString()!)).ToList();
        Assert.Equal(keys.OrderBy(k => k.Item1, StringComparer.Ordinal).ThenBy(k => k.Item2, StringComparer.OrdinalIgnoreCase), keys);
        Assert.Contains(results, r => r.GetProperty("outcome").GetString() == "notApplicable");
        Assert.True(json.TryGetProperty("diagnostics", out _));
        Assert.Equal(13, json.GetProperty("coverage").GetProperty("resources").GetProperty("registries").GetInt32());
        Assert.Equal(19, json.GetProperty("rules").GetArrayLength());
    }

    [Fact]
    public void Csv_escapes_cells_a_spreadsheet_would_run_as_formulas()
    {
        var report = WithResults(Result("=HYPERLINK(\"https://evil.example\",\"x\")", "/subscriptions/s/resourceGroups/rg(1).x/providers/Microsoft.ContainerRegistry/registries/cr"));

        var lines = Encoding.UTF8.GetString(DemoReport.Render(new CsvReportWriter(), report)).Split('\n');

        Assert.Equal("ruleId,ruleName,severity,outcome,resourceType,subscriptionId,resourceGroup,resourceId,message,evidence,remediation,baselineState,suppressedUntil", lines[0]);
        Assert.Contains(",rg(1).x,", lines[1], StringComparison.Ordinal);
        Assert.Contains("\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"x\"\")\"", lines[1], StringComparison.Ordinal);
        Assert.Equal("", lines[2]);
    }

    [Fact]
    public void Sarif_alerts_only_on_fail_and_error_with_stable_locations_and_fingerprints()
    {
        var report = DemoReport.Value.Value;
        var run = Json(new SarifReportWriter(), report).GetProperty("runs")[0];
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();
        var results = run.GetProperty("results").EnumerateArray().ToList();

        Assert.Equal(report.Results.Count(r => r.IsProblem || r.Outcome == Outcome.Suppressed), results.Count);
        var suppressed = results.Where(r => r.TryGetProperty("suppressions", out _)).ToList();
        Assert.Equal(report.Results.Count(r => r.Outcome == Outcome.Suppressed), suppressed.Count);
        Assert.All(suppressed, r => Assert.Equal("external", r.GetProperty("suppressions")[0].GetProperty("kind").GetString()));
        Assert.Equal(19, rules.Count);
        Assert.All(rules, r =>
        {
            Assert.StartsWith("https://learn.microsoft.com/", r.GetProperty("helpUri").GetString(), StringComparison.Ordinal);
            Assert.StartsWith("# CMK", r.GetProperty("help").GetProperty("markdown").GetString(), StringComparison.Ordinal);
            Assert.True(double.Parse(r.GetProperty("properties").GetProperty("security-severity").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > 0);
            Assert.NotEmpty(r.GetProperty("fullDescription").GetProperty("text").GetString()!);
        });
        foreach (var result in results)
        {
            var ruleId = result.GetProperty("ruleId").GetString();
            Assert.Equal(ruleId, rules[result.GetProperty("ruleIndex").GetInt32()].GetProperty("id").GetString());
            var location = result.GetProperty("locations")[0];
            var uri = location.GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()!;
            Assert.True(Uri.IsWellFormedUriString(uri, UriKind.Relative), uri);
            Assert.DoesNotContain("(", uri, StringComparison.Ordinal);
            var armId = location.GetProperty("logicalLocations")[0].GetProperty("fullyQualifiedName").GetString()!;
            Assert.Equal(ResourcePaths.Fingerprint(ruleId!, armId), result.GetProperty("partialFingerprints").GetProperty(SarifReportWriter.FingerprintKey).GetString());
        }
        var payments = results.Single(r => r.GetProperty("ruleId").GetString() == "CMK1004");
        Assert.Equal(
            "azure/subscriptions/4b2e8a1c-3f6d-4c9a-8e1b-7d5f2a9c6e30/resourcegroups/rg-payments%28eu%29.prod/providers/microsoft.containerregistry/registries/crcontosopayments",
            payments.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
    }

    [Fact]
    public void Fingerprints_ignore_the_case_of_resource_ids()
    {
        Assert.Equal(
            ResourcePaths.Fingerprint("CMK1001", "/subscriptions/S/resourceGroups/RG/providers/Microsoft.ContainerRegistry/registries/CR"),
            ResourcePaths.Fingerprint("CMK1001", "/subscriptions/s/resourcegroups/rg/providers/microsoft.containerregistry/registries/cr/"));
        Assert.NotEqual(ResourcePaths.Fingerprint("CMK1001", "/a"), ResourcePaths.Fingerprint("CMK1002", "/a"));
        Assert.Equal("keyvault/kv.vault.azure.net/keys/cmk", ResourcePaths.ArtifactPath("https://KV.vault.azure.net/keys/cmk"));
    }

    [Fact]
    public void Error_results_are_sarif_errors_whatever_the_rule_severity()
    {
        var report = WithResults(Result("The rule crashed", "/subscriptions/s/x", Outcome.Error) with { Severity = Severity.Low });

        var result = Json(new SarifReportWriter(), report).GetProperty("runs")[0].GetProperty("results")[0];

        Assert.Equal("error", result.GetProperty("level").GetString());
        Assert.Equal("error", result.GetProperty("properties").GetProperty("outcome").GetString());
    }

    [Fact]
    public void Unknown_formats_are_not_found_and_known_ones_are_case_insensitive()
    {
        Assert.Null(ReportWriters.Find("sarf"));
        Assert.IsType<SarifReportWriter>(ReportWriters.Find(" SARIF "));
    }

    [Fact]
    public void Exit_threshold_counts_fail_and_error_at_or_above_it_only()
    {
        var report = WithResults(Result("x", "/a") with { Severity = Severity.Medium }, Result("y", "/b", Outcome.Unknown) with { Severity = Severity.Critical });

        Assert.True(report.HasProblemsAtOrAbove(Severity.Medium));
        Assert.False(report.HasProblemsAtOrAbove(Severity.High));
        Assert.False(report.HasProblemsAtOrAbove(null));
    }
}
