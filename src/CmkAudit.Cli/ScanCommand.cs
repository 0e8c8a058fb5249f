using System.CommandLine;
using System.Globalization;
using CmkAudit.Engine;
using CmkAudit.Model.Input;
using CmkAudit.Reporting;
using CmkAudit.Reporting.Writers;
using CmkAudit.Rules;

namespace CmkAudit.Cli;

/// <summary>`cmkaudit scan`: read the input, resolve the graph, run the rules, write the reports, pick the exit code.</summary>
internal static class ScanCommand
{
    private const string DefaultFormats = "json,csv,sarif";

    public static Command Create(CliEnvironment environment)
    {
        var input = new Option<string[]>("--input", "-i")
        {
            Description = "Files or folders (read recursively, *.json) of ARM documents, Resource Graph answers or CmkAudit snapshots.",
            AllowMultipleArgumentsPerToken = true,
        };
        var output = new Option<string>("--out", "-o")
        {
            Description = "The folder the reports are written to (created if missing).",
            DefaultValueFactory = _ => "cmkaudit-report",
        };
        var formats = new Option<string[]>("--format", "-f")
        {
            Description = $"Comma-separated formats: {string.Join(", ", ReportWriters.Names)}.",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => [DefaultFormats],
        };
        var failOn = new Option<string>("--fail-on")
        {
            Description = "Exit 1 when a fail or error result has this severity or higher: critical, high, medium, low, or none.",
            DefaultValueFactory = _ => "high",
        };
        var config = new Option<string?>("--config", "-c") { Description = $"A configuration file (YAML or JSON); without it, ./{ConfigFile.DefaultName} when present." };
        var now = new Option<string?>("--now")
        {
            Description = "Evaluate as of this UTC time (ISO 8601) instead of the clock, for reproducible reports.",
        };

        var suppressions = new Option<string?>("--suppressions")
        {
            Description = "A YAML file of accepted findings: rules, resource pattern, justification, owner, expires.",
        };
        var baseline = new Option<string?>("--baseline") { Description = "The findings.json of an earlier scan: results are marked new, unchanged or fixed." };
        var maskIds = new Option<bool>("--mask-ids") { Description = "Shorten subscription and tenant ids in the reports (not in remediation scripts) for sharing." };

        var command = new Command("scan", "Audit an estate, from --input files or live from Azure (--subscription / --management-group): every rule of the catalogue, reports written to --out.")
        {
            input, output, formats, failOn, config, now, suppressions, baseline, maskIds,
        };
        var live = new LiveOptions();
        live.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            string[] ruleIds = [.. RulePack.All.Select(r => r.Descriptor.Id)];
            ConfigurationFile file;
            try
            {
                file = ConfigFile.Load(parse.GetValue(config), ruleIds);
            }
            catch (ConfigurationException e)
            {
                return Task.FromResult(Usage(environment, e.Message));
            }
            var run = file.Run;
            // Command-line options win over the configuration file, which wins over the defaults.
            return RunAsync(
                environment,
                parse,
                live,
                file,
                // A scope on the command line means a live scan, whatever inputs the file names.
                ConfigFile.Given(parse, input) ? parse.GetValue(input)! : ConfigFile.Given(parse, live.Subscriptions, live.ManagementGroups) ? [] : [.. run.Inputs],
                ConfigFile.Given(parse, output) ? parse.GetValue(output)! : run.Output ?? parse.GetValue(output)!,
                ConfigFile.Given(parse, formats) ? parse.GetValue(formats)! : run.Formats.Count > 0 ? [.. run.Formats] : [DefaultFormats],
                ConfigFile.Given(parse, failOn) ? parse.GetValue(failOn)! : run.FailOn ?? parse.GetValue(failOn)!,
                parse.GetValue(now),
                new ReviewOptions(
                    ConfigFile.Given(parse, suppressions) ? parse.GetValue(suppressions) : run.Suppressions,
                    ConfigFile.Given(parse, baseline) ? parse.GetValue(baseline) : run.Baseline,
                    ConfigFile.Given(parse, maskIds) ? parse.GetValue(maskIds) : run.MaskIds ?? false),
                cancellationToken);
        });
        return command;
    }

    /// <summary>How the results are reviewed: accepted findings, the scan to compare with, and masking for sharing.</summary>
    private sealed record ReviewOptions(string? SuppressionsPath, string? BaselinePath, bool MaskIds);

    private static async Task<int> RunAsync(CliEnvironment env, ParseResult parse, LiveOptions live, ConfigurationFile file, string[] inputs, string outputFolder,
        string[] formatArgs, string failOnText, string? nowText, ReviewOptions review, CancellationToken cancellationToken)
    {
        var hasScope = live.HasScope(parse, file.Run);
        if (inputs.Length > 0 && hasScope && ConfigFile.Given(parse, live.Subscriptions, live.ManagementGroups))
        {
            return Usage(env, "pass either --input (an export or snapshot) or --subscription/--management-group (live collection), not both.");
        }
        if (inputs.Length == 0 && !hasScope)
        {
            return Usage(env, "nothing to scan: pass --input PATH with an export or snapshot, or --subscription/--management-group to collect live from Azure.");
        }
        var writers = new List<IReportWriter>();
        foreach (var name in formatArgs.SelectMany(f => f.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (ReportWriters.Find(name) is not { } writer)
            {
                return Usage(env, $"unknown format '{name}'; choose from {string.Join(", ", ReportWriters.Names)}.");
            }
            writers.Add(writer);
        }
        Severity? failOn = null;
        if (!failOnText.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            if (!OutcomeNames.TryParseSeverity(failOnText, out var threshold))
            {
                return Usage(env, $"--fail-on '{failOnText}' is not one of critical, high, medium, low, none.");
            }
            failOn = threshold;
        }
        var scanTime = env.Clock.GetUtcNow();
        if (nowText is not null)
        {
            if (!DateTimeOffset.TryParse(nowText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out scanTime))
            {
                return Usage(env, $"--now '{nowText}' is not an ISO 8601 time such as 2026-12-01T00:00:00Z.");
            }
        }
        var configuration = file.Scan;
        IReadOnlyList<Suppression> suppressions;
        IReadOnlyList<BaselineEntry>? baseline;
        string[] ruleIds = [.. RulePack.All.Select(r => r.Descriptor.Id)];
        try
        {
            suppressions = review.SuppressionsPath is null ? [] : Suppressions.Load(review.SuppressionsPath, ruleIds);
            baseline = review.BaselinePath is null ? null : Baseline.Load(review.BaselinePath);
        }
        catch (ConfigurationException e)
        {
            return Usage(env, e.Message);
        }

        if (inputs.Length == 0)
        {
            // A live scan keeps its snapshot beside the reports and audits it through the same loader as --input,
            // so `scan --input snapshot.json` reproduces the live verdicts.
            var (options, error) = live.Read(parse, env, file.Run);
            if (options is null)
            {
                return Usage(env, error!);
            }
            var (snapshot, code) = await CollectCommand.CollectAsync(env, options, cancellationToken);
            var snapshotPath = Path.Combine(outputFolder, "snapshot.json");
            if (snapshot is null || !CollectCommand.Save(env, snapshot, snapshotPath))
            {
                return snapshot is null ? code : ExitCodes.RuntimeFailure;
            }
            inputs = [snapshotPath];
        }

        var estate = InputLoader.Load(inputs);
        if (estate.DocumentsRead == 0)
        {
            foreach (var diagnostic in estate.Diagnostics)
            {
                env.Error.WriteLine(diagnostic.ToString());
            }
            env.Error.WriteLine("error: nothing to audit: the input holds no ARM resource documents.");
            return ExitCodes.UsageOrInputError;
        }

        var scan = new ScanInfo(scanTime, inputs, configuration, failOn)
        {
            Suppressions = suppressions,
            Baseline = baseline,
            BaselinePath = review.BaselinePath,
            Outputs = [.. writers.SelectMany(w => w.FileNames)],
        };
        var report = AuditReport.Create(estate, RulePack.Catalog, new ToolInfo("CmkAudit", CliApp.Version), scan);
        foreach (var diagnostic in report.Diagnostics)
        {
            env.Error.WriteLine(diagnostic.ToString());
        }
        // Remediation scripts keep the real ids: they are run, not shared.
        var shared = review.MaskIds ? ReportMasking.Mask(report, estate.TenantIds) : report;

        var written = new List<string>();
        try
        {
            Directory.CreateDirectory(outputFolder);
            foreach (var writer in writers)
            {
                writer.Write(writer is RemediationScriptWriter ? report : shared, name =>
                {
                    var path = Path.Combine(outputFolder, name);
                    written.Add(path);
                    return File.Create(path);
                });
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Reporting.Pdf.ReportOutputException)
        {
            env.Error.WriteLine($"error: cannot write the reports to '{outputFolder}': {e.Message}");
            return ExitCodes.RuntimeFailure;
        }

        ConsoleSummary.Print(env, shared, written);
        if (estate.HasErrors)
        {
            env.Error.WriteLine("error: the input has errors (listed above); what could be read was audited and reported.");
            return ExitCodes.UsageOrInputError;
        }
        return report.HasProblemsAtOrAbove(failOn) ? ExitCodes.Findings : ExitCodes.Success;
    }

    private static int Usage(CliEnvironment env, string message)
    {
        env.Error.WriteLine($"error: {message}");
        return ExitCodes.UsageOrInputError;
    }
}
