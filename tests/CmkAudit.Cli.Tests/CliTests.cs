using System.Text.Json;
using CmkAudit.Tests;

namespace CmkAudit.Cli.Tests;

/// <summary>The CLI run in-process with a fixed clock: exit codes, files written, and messages without stack traces.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _workspace = Path.Combine(Path.GetTempPath(), "cmkaudit-cli", Guid.NewGuid().ToString("N"));

    public CliTests() => Directory.CreateDirectory(_workspace);

    public void Dispose() => Directory.Delete(_workspace, recursive: true);

    private sealed record Run(int ExitCode, string Out, string Error);

    private static Run Cli(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var clock = new FixedClock(RepositoryPaths.FixtureNow);
        var code = CliApp.Run(args, new CliEnvironment(clock, output, error, Interactive: false));
        var run = new Run(code, output.ToString(), error.ToString());
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        return run;
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private string Out => Path.Combine(_workspace, "out");

    private string Write(string name, string content)
    {
        var path = Path.Combine(_workspace, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static string PassFixture => Path.Combine(RepositoryPaths.Rules, "CMK1001.RegistryCustomerManagedKey", "pass");

    [Fact]
    public void Scanning_the_demo_writes_every_default_format_and_exits_1_on_high_findings()
    {
        var run = Cli("scan", "--input", RepositoryPaths.Demo, "--out", Out);

        Assert.Equal(ExitCodes.Findings, run.ExitCode);
        Assert.Equal(["findings.csv", "findings.json", "findings.sarif"], Directory.GetFiles(Out).Select(Path.GetFileName).Order());
        Assert.Contains("problems: critical 3", run.Out, StringComparison.Ordinal);
        Assert.Contains("worst findings:", run.Out, StringComparison.Ordinal);
        Assert.Equal("", run.Error);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Out, "findings.json")));
        Assert.Equal("2026-12-01T00:00:00Z", json.RootElement.GetProperty("scan").GetProperty("startedAt").GetString());
    }

    [Theory]
    [InlineData("none", ExitCodes.Success)]
    [InlineData("critical", ExitCodes.Findings)]
    [InlineData("LOW", ExitCodes.Findings)]
    public void Fail_on_sets_the_threshold(string failOn, int expected) =>
        Assert.Equal(expected, Cli("scan", "-i", RepositoryPaths.Demo, "-o", Out, "--fail-on", failOn, "-f", "json").ExitCode);

    [Fact]
    public void A_compliant_estate_exits_0()
    {
        Assert.Equal(ExitCodes.Success, Cli("scan", "--input", PassFixture, "--out", Out).ExitCode);
    }

    [Fact]
    public void Formats_may_be_comma_separated_or_repeated()
    {
        var run = Cli("scan", "--input", PassFixture, "--out", Out, "--format", "sarif,csv", "--format", "json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(3, Directory.GetFiles(Out).Length);
    }

    [Theory]
    [InlineData("--format", "sarf", "unknown format 'sarf'")]
    [InlineData("--fail-on", "severe", "--fail-on 'severe'")]
    [InlineData("--now", "yesterday", "--now 'yesterday'")]
    public void Bad_options_are_usage_errors_and_write_nothing(string option, string value, string message)
    {
        var run = Cli("scan", "--input", PassFixture, "--out", Out, option, value);

        Assert.Equal(ExitCodes.UsageOrInputError, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public void Unknown_options_and_commands_are_usage_errors()
    {
        Assert.Equal(ExitCodes.UsageOrInputError, Cli("scan", "--bogus").ExitCode);
        Assert.Equal(ExitCodes.UsageOrInputError, Cli("scna").ExitCode);
    }

    [Fact]
    public void Scan_without_input_explains_that_live_collection_needs_input_for_now()
    {
        var run = Cli("scan", "--out", Out);

        Assert.Equal(ExitCodes.UsageOrInputError, run.ExitCode);
        Assert.Contains("--input", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_input_path_exits_2()
    {
        var run = Cli("scan", "--input", Path.Combine(_workspace, "nope"), "--out", Out);

        Assert.Equal(ExitCodes.UsageOrInputError, run.ExitCode);
        Assert.Contains("CMK0001", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_json_exits_2_naming_the_place_and_the_rest_is_still_reported()
    {
        var bad = Write("bad.json", "{\"id\": \"x\",\n \"type\": }");

        var run = Cli("scan", "--input", bad, PassFixture, "--out", Out, "--format", "json");

        Assert.Equal(ExitCodes.UsageOrInputError, run.ExitCode);
        Assert.Contains($"{bad}(2,10): error CMK0002", run.Error, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Out, "findings.json")));
        Assert.NotEqual(0, json.RootElement.GetProperty("results").GetArrayLength());
        Assert.Equal("CMK0002", json.RootElement.GetProperty("diagnostics")[0].GetProperty("code").GetString());
    }

    [Fact]
    public void A_bad_configuration_file_exits_2_with_file_and_line()
    {
        var config = Write("cmkaudit.yaml", "thresholds:\n  minimumRsaKeySize: lots\n");

        var run = Cli("scan", "--input", PassFixture, "--out", Out, "--config", config);

        Assert.Equal(ExitCodes.UsageOrInputError, run.ExitCode);
        Assert.Contains($"{config}(2,22)", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configuration_file_changes_the_verdicts()
    {
        var config = Write("cmkaudit.yaml", "cmkScope: { mode: none }\nseverityOverrides: { CMK3003: low }\n");

        Cli("scan", "--input", RepositoryPaths.Demo, "--out", Out, "--config", config, "--format", "json");

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Out, "findings.json")));
        var results = json.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.All(results.Where(r => r.GetProperty("ruleId").GetString() == "CMK1001"), r => Assert.Equal("notApplicable", r.GetProperty("outcome").GetString()));
        Assert.All(results.Where(r => r.GetProperty("ruleId").GetString() == "CMK3003"), r => Assert.Equal("low", r.GetProperty("severity").GetString()));
    }

    [Fact]
    public void An_output_folder_that_cannot_be_created_is_a_runtime_failure()
    {
        var file = Write("occupied", "a file where the folder should be");

        var run = Cli("scan", "--input", PassFixture, "--out", file);

        Assert.Equal(ExitCodes.RuntimeFailure, run.ExitCode);
        Assert.Contains("cannot write the reports", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Suppressions_baseline_and_the_markdown_summary_work_together()
    {
        var suppressions = Path.Combine(RepositoryPaths.Root, "samples", "contoso.suppressions.yaml");
        var first = Path.Combine(_workspace, "first");
        Cli("scan", "--input", RepositoryPaths.Demo, "--out", first, "--format", "json");
        var run = Cli("scan", "--input", RepositoryPaths.Demo, "--out", Out, "--format", "json,md,sarif",
            "--suppressions", suppressions, "--baseline", Path.Combine(first, "findings.json"));

        Assert.Equal(ExitCodes.Findings, run.ExitCode);
        Assert.Contains("CMK0012", run.Error, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Out, "findings.json")));
        var results = json.RootElement.GetProperty("results").EnumerateArray().ToList();
        var suppressed = results.Where(r => r.GetProperty("outcome").GetString() == "suppressed").ToList();
        Assert.Equal(2, suppressed.Count);
        Assert.All(suppressed, r => Assert.Equal("unchanged", r.GetProperty("baselineState").GetString()));
        Assert.Equal(["active", "expired", "unused"], json.RootElement.GetProperty("suppressions").EnumerateArray().Select(s => s.GetProperty("status").GetString()));
        Assert.Equal(0, json.RootElement.GetProperty("scan").GetProperty("summary").GetProperty("sinceBaseline").GetProperty("new").GetInt32());
        var summary = File.ReadAllText(Path.Combine(Out, "summary.md"));
        Assert.StartsWith("## CmkAudit: 24 problems in 13 registries", summary, StringComparison.Ordinal);
        Assert.Contains("Artifacts: `findings.json`, `findings.sarif`", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_suppression_without_expiry_is_an_input_error()
    {
        var file = Write("s.yaml", "suppressions:\n  - rules: [CMK1005]\n    resources: '*'\n    justification: because\n    owner: me\n");

        var run = Cli("scan", "--input", PassFixture, "--out", Out, "--suppressions", file);

        Assert.Equal(ExitCodes.UsageOrInputError, run.ExitCode);
        Assert.Contains("needs a justification, an owner and an expires date", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Masked_reports_hide_subscription_and_tenant_ids_but_remediation_keeps_them()
    {
        var run = Cli("scan", "--input", RepositoryPaths.Demo, "--out", Out, "--format", "json,csv,sarif,md,remediation", "--mask-ids");

        Assert.Equal(ExitCodes.Findings, run.ExitCode);
        const string subscription = "4b2e8a1c-3f6d-4c9a-8e1b-7d5f2a9c6e30";
        const string tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
        foreach (var file in new[] { "findings.json", "findings.csv", "findings.sarif", "summary.md" })
        {
            var text = File.ReadAllText(Path.Combine(Out, file));
            Assert.DoesNotContain(subscription, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(tenant, text, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Contains("/subscriptions/4b2e…6e30/", File.ReadAllText(Path.Combine(Out, "findings.json")), StringComparison.Ordinal);
        Assert.Contains(subscription, File.ReadAllText(Path.Combine(Out, "remediate.sh")), StringComparison.Ordinal);
        Assert.DoesNotContain(subscription, run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configuration_file_runs_the_scan_and_command_line_options_win()
    {
        var config = Write("cmkaudit.yaml", $"inputs: [{RepositoryPaths.Demo}]\noutput: out\nformats: [md, json]\nfailOn: none\ndisabledRules: [CMK1006]\n");

        var fromFile = Cli("scan", "--config", config);
        var overridden = Cli("scan", "--config", config, "--fail-on", "high", "--format", "csv", "--out", Path.Combine(_workspace, "cli"));

        Assert.Equal(ExitCodes.Success, fromFile.ExitCode);
        Assert.True(File.Exists(Path.Combine(_workspace, "out", "summary.md")));
        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_workspace, "out", "findings.json"))))
        {
            Assert.DoesNotContain(json.RootElement.GetProperty("results").EnumerateArray(), r => r.GetProperty("ruleId").GetString() == "CMK1006");
        }
        Assert.Equal(ExitCodes.Findings, overridden.ExitCode);
        Assert.Equal(["findings.csv"], Directory.GetFiles(Path.Combine(_workspace, "cli")).Select(Path.GetFileName));
    }

    [Fact]
    public void Version_prints_the_version()
    {
        var run = Cli("--version");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.StartsWith(CliApp.Version, run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Rules_lists_the_catalogue_and_shows_a_doc_page()
    {
        var list = Cli("rules");
        var show = Cli("rules", "show", "cmk2002");
        var unknown = Cli("rules", "show", "CMK9999");

        Assert.Equal(ExitCodes.Success, list.ExitCode);
        Assert.Equal(20, list.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("CMK4004  medium    identity  OrphanedIdentityWithKeyAccess", list.Out, StringComparison.Ordinal);
        Assert.StartsWith("# CMK2002 VaultPurgeProtection", show.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.UsageOrInputError, unknown.ExitCode);
    }
}
