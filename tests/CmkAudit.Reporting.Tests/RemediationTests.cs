using System.Text;
using System.Text.Json;
using CmkAudit.Engine;
using CmkAudit.Model.Input;
using CmkAudit.Reporting.Remediation;
using CmkAudit.Reporting.Writers;
using CmkAudit.Rules;
using CmkAudit.Tests;

namespace CmkAudit.Reporting.Tests;

public sealed class RemediationTests
{
    private const string Az = "/usr/bin/az";
    private const string ShellCheck = "/usr/bin/shellcheck";

    /// <summary>The demo and every rule's fail fixture: between them, every fix template with real data.</summary>
    private static IEnumerable<(string Name, AuditReport Report)> Reports()
    {
        yield return ("demo", DemoReport.Value.Value);
        foreach (var folder in Directory.GetDirectories(RepositoryPaths.Rules, "CMK*").Order(StringComparer.Ordinal))
        {
            var estate = InputLoader.Load(Directory.GetFiles(Path.Combine(folder, "fail"), "*.json"));
            yield return (Path.GetFileName(folder), AuditReport.Create(estate, RulePack.Catalog, new ToolInfo("CmkAudit", "test"),
                new ScanInfo(RepositoryPaths.FixtureNow, [folder], ScanConfiguration.Default, Severity.High)));
        }
    }

    private static string WriteScript(AuditReport report, string file)
    {
        var folder = Path.Combine(Path.GetTempPath(), "cmkaudit-remediation", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        new RemediationScriptWriter().Write(report, name => File.Create(Path.Combine(folder, name)));
        return Path.Combine(folder, file);
    }

    [Fact]
    public void Every_rule_with_a_fix_renders_it_for_its_fail_fixture()
    {
        foreach (var (name, report) in Reports().Skip(1))
        {
            var failing = report.Results.Where(r => r.Outcome == Outcome.Fail && r.RuleId == name[..7]).ToList();
            Assert.NotEmpty(failing);
            Assert.All(failing, r => Assert.True(report.Fixes.ContainsKey(r), $"{name}: no fix for {r.ResourceId}"));
            Assert.All(failing, r => Assert.DoesNotContain("<", report.Fixes[r].Bash.Split('\n').Where(l => l.StartsWith("az ", StringComparison.Ordinal)).FirstOrDefault() ?? "", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Bash_scripts_parse_and_call_az_with_the_scanned_names()
    {
        foreach (var (name, report) in Reports())
        {
            var script = WriteScript(report, "remediate.sh");
            Assert.Equal(0, ExternalTools.Run("/bin/bash", ["-n", script]).ExitCode);

            var (run, calls) = ExternalTools.RecordAzCalls(script);

            Assert.True(run.ExitCode == 0, $"{name}: {run.Error}");
            Assert.Equal(File.ReadAllText(script).Contains("\naz ", StringComparison.Ordinal), calls.Count > 0);
        }
    }

    [FactRequiring(ShellCheck, "shellcheck")]
    public void Bash_scripts_pass_shellcheck()
    {
        foreach (var (name, report) in Reports())
        {
            var result = ExternalTools.Run(ShellCheck, ["--shell=bash", "--severity=style", WriteScript(report, "remediate.sh")]);

            Assert.True(result.ExitCode == 0, $"{name}:\n{result.Out}");
        }
    }

    [FactRequiring(Az, "azure-cli")]
    public void Every_az_call_parses_with_the_real_azure_cli()
    {
        var calls = Reports().SelectMany(r => ExternalTools.RecordAzCalls(WriteScript(r.Report, "remediate.sh")).Calls)
            .Select(c => JsonSerializer.Serialize(c))
            .Distinct()
            .ToList();
        var config = Directory.CreateTempSubdirectory("cmkaudit-az").FullName;

        var result = ExternalTools.Run("/usr/bin/python3", [Path.Combine(AppContext.BaseDirectory, "Tools", "az_parse_check.py")], string.Join("\n", calls) + "\n",
            new Dictionary<string, string>
            {
                ["AZURE_CONFIG_DIR"] = config,
                ["AZURE_CORE_COLLECT_TELEMETRY"] = "no",
                ["AZURE_CORE_ERROR_RECOMMENDATION"] = "off",
                ["AZURE_CORE_NO_COLOR"] = "true",
            });

        var verdicts = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(calls.Count, verdicts.Count);
        var errors = verdicts.Where(v => v.GetProperty("verdict").GetString() == "error")
            .Select(v => $"az {string.Join(' ', v.GetProperty("argv").EnumerateArray().Select(a => a.GetString()))}: {v.GetProperty("message").GetString()}");
        Assert.Empty(errors);
        Assert.DoesNotContain(verdicts, v => v.GetProperty("verdict").GetString() == "unchecked");
    }

    [Fact]
    public void Hostile_values_reach_az_intact_and_cannot_run_anything()
    {
        var hostile = new Dictionary<string, object>
        {
            ["vault_name"] = "kv'; touch /tmp/cmkaudit-pwned; echo '",
            ["vault_rg"] = "rg-(payments).prod $(touch /tmp/cmkaudit-pwned) `id` \"quoted\" \\ back",
            ["vault_subscription"] = "line one\nline two ‘smart’ $HOME",
            ["vault_id"] = "/x",
            ["vault_rbac"] = "false",
            ["vault_hsm"] = "false",
            ["registries"] = new List<object>(),
        };
        var rule = RulePack.Find("CMK2003")!.Descriptor;
        var result = new RuleResult(rule.Id, rule.Name, "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv", "Microsoft.KeyVault/vaults",
            Outcome.Fail, Severity.High, "message with a newline\nrm -rf /tmp/cmkaudit-pwned-too", []) { Facts = hostile };
        var report = DemoReport.Value.Value with { Results = [result] };
        report = report with { Fixes = new Dictionary<RuleResult, Fix> { [result] = FixRenderer.Render(report.Rules.Single(r => r.Descriptor.Id == rule.Id), result) } };
        File.Delete("/tmp/cmkaudit-pwned");

        var (run, calls) = ExternalTools.RecordAzCalls(WriteScript(report, "remediate.sh"));

        Assert.Equal(0, run.ExitCode);
        var call = Assert.Single(calls);
        Assert.Equal(["keyvault", "update", "--name", (string)hostile["vault_name"], "--resource-group", (string)hostile["vault_rg"],
            "--subscription", (string)hostile["vault_subscription"], "--bypass", "AzureServices"], call);
        Assert.False(File.Exists("/tmp/cmkaudit-pwned"));
        var powershell = report.Fixes[result].PowerShell;
        Assert.Contains("--name 'kv''; touch /tmp/cmkaudit-pwned; echo '''", powershell, StringComparison.Ordinal);
        Assert.Contains("'line one\nline two ‘‘smart’’ $HOME'", powershell, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain", "'plain'", "'plain'")]
    [InlineData("it's", "'it'\\''s'", "'it''s'")]
    [InlineData("$(id) `id` $env:PATH", "'$(id) `id` $env:PATH'", "'$(id) `id` $env:PATH'")]
    [InlineData("rg-(a).b", "'rg-(a).b'", "'rg-(a).b'")]
    [InlineData("’", "'’'", "'’’'")]
    public void Values_are_quoted_for_each_shell(string value, string bash, string powershell)
    {
        Assert.Equal(bash, Shell.Bash.Quote(value));
        Assert.Equal(powershell, Shell.PowerShell.Quote(value));
    }

    [Fact]
    public void Irreversible_steps_ask_first_and_the_plan_runs_prerequisites_before_registries()
    {
        var script = Encoding.UTF8.GetString(DemoReport.RenderAll(new RemediationScriptWriter(), DemoReport.Value.Value)["remediate.sh"]);

        Assert.StartsWith("#!/usr/bin/env bash\n", script, StringComparison.Ordinal);
        Assert.Contains("set -euo pipefail\n", script, StringComparison.Ordinal);
        var purge = script.IndexOf("--enable-purge-protection true", StringComparison.Ordinal);
        Assert.Contains("if confirm 'Enable purge protection on kv-contoso-legacy? This can never be undone.'; then", script[..purge], StringComparison.Ordinal);
        Assert.True(script.IndexOf("# Key vault kv-contoso-payments", StringComparison.Ordinal) < script.IndexOf("# Registry crcontosopayments", StringComparison.Ordinal));
        foreach (var section in script.Split("# ====", StringSplitOptions.RemoveEmptyEntries))
        {
            var phases = System.Text.RegularExpressions.Regex.Matches(section, @"^# (CMK\d{4}) ", System.Text.RegularExpressions.RegexOptions.Multiline)
                .Select(m => RulePack.Find(m.Groups[1].Value)!.Descriptor.Fix!.Phase)
                .ToList();
            Assert.Equal(phases.Order(), phases);
        }
        Assert.DoesNotContain("<placeholder>", script, StringComparison.Ordinal);
    }
}
