using System.Diagnostics;
using System.Text;

namespace CmkAudit.Reporting.Tests;

/// <summary>Runs the machine's bash, shellcheck and Azure CLI for the remediation tests.</summary>
internal static class ExternalTools
{
    public sealed record Result(int ExitCode, string Out, string Error);

    public static bool Has(string path) => File.Exists(path);

    public static Result Run(string file, IEnumerable<string> arguments, string? input = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            process.StandardInput.Write(input);
        }
        process.StandardInput.Close();
        process.WaitForExit();
        return new Result(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>
    /// An `az` that records its arguments and answers the queries scripts capture (ids, principal ids, vault URIs,
    /// repositories and tags) with sample values, so the commands that use them are exercised too.
    /// </summary>
    private const string AzStub = """
        az() {
          local a
          for a in "$@"; do printf '%s\x1f' "$a" >> "$AZ_LOG"; done
          printf '\x1e' >> "$AZ_LOG"
          case "$*" in
            *"--query principalId"*) echo 00000000-0000-0000-0000-000000000001 ;;
            *"--query id"*) echo /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id ;;
            *"--query properties.vaultUri"*) echo https://kv-sample.vault.azure.net/ ;;
            *"repository list"*) echo team/app ;;
            *"repository show-tags"*) echo 1.0 ;;
          esac
        }

        """;

    /// <summary>
    /// Runs a bash script with --yes and `az` replaced by a function that records each call's arguments, exactly as
    /// bash split and unquoted them. Returns the recorded argument lists.
    /// </summary>
    public static (Result Run, List<string[]> Calls) RecordAzCalls(string script)
    {
        // Blocks that wait for the user to name a vault or key (CMK1001's migration) get sample names, so their
        // commands run and are checked too.
        var filled = Path.ChangeExtension(script, ".filled.sh");
        File.WriteAllText(filled, System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(script), "='<[^'\\n]*>'", "='sample-value'"));
        script = filled;
        var log = Path.GetTempFileName();
        try
        {
            var run = Run("/bin/bash", ["-c", AzStub + "export -f az; bash \"$0\" --yes", script],
                environment: new Dictionary<string, string> { ["AZ_LOG"] = log });
            var calls = File.ReadAllText(log, Encoding.UTF8)
                .Split('\x1e', StringSplitOptions.RemoveEmptyEntries)
                .Select(c => c.Split('\x1f')[..^1])
                .ToList();
            return (run, calls);
        }
        finally
        {
            File.Delete(log);
        }
    }
}

/// <summary>A fact that runs only where a tool is installed, and says why it was skipped elsewhere.</summary>
public sealed class FactRequiringAttribute : FactAttribute
{
    public FactRequiringAttribute(string path, string package)
    {
        if (!File.Exists(path))
        {
            Skip = $"{path} is not installed (apt-get install {package}); .ci/run installs it, so CI always runs this test.";
        }
    }
}
