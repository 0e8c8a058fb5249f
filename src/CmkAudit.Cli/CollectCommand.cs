using System.CommandLine;
using Azure;
using Azure.Identity;
using CmkAudit.Collect;
using CmkAudit.Engine;

namespace CmkAudit.Cli;

/// <summary>`cmkaudit collect`: read an estate from Azure into a snapshot that `scan --input` audits offline.</summary>
internal static class CollectCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var live = new LiveOptions();
        var output = new Option<string>("--out", "-o")
        {
            Description = "The snapshot file to write.",
            DefaultValueFactory = _ => "cmkaudit.snapshot.json",
        };
        var config = new Option<string?>("--config", "-c") { Description = $"A configuration file; without it, ./{ConfigFile.DefaultName} when present." };
        var command = new Command("collect", "Collect the estate from Azure Resource Graph and ARM into a snapshot file, for offline or air-gapped audit.") { output, config };
        live.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            ConfigurationFile file;
            try
            {
                file = ConfigFile.Load(parse.GetValue(config), [.. Rules.RulePack.All.Select(r => r.Descriptor.Id)]);
            }
            catch (ConfigurationException e)
            {
                environment.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.UsageOrInputError;
            }
            var (options, error) = live.Read(parse, environment, file.Run);
            if (options is null)
            {
                environment.Error.WriteLine($"error: {error}");
                return ExitCodes.UsageOrInputError;
            }
            var (snapshot, code) = await CollectAsync(environment, options, cancellationToken);
            if (snapshot is null)
            {
                return code;
            }
            return Save(environment, snapshot, parse.GetValue(output)!) ? ExitCodes.Success : ExitCodes.RuntimeFailure;
        });
        return command;
    }

    /// <summary>Collects, reporting progress on stderr; failures become one line and exit code 3.</summary>
    public static async Task<(Snapshot? Snapshot, int ExitCode)> CollectAsync(CliEnvironment env, CollectorOptions options, CancellationToken cancellationToken)
    {
        var progress = new ProgressPrinter(env);
        try
        {
            var snapshot = await EstateCollector.CollectAsync(options, progress, cancellationToken);
            progress.Finish($"collected {snapshot.Resources.Count} documents in {snapshot.Requests} requests"
                + (snapshot.IsPartial ? $"; PARTIAL coverage: {snapshot.FailedScopes.Count} scopes and {snapshot.FailedKeys.Count} keys could not be read" : ""));
            return (snapshot, ExitCodes.Success);
        }
        catch (Exception e) when (e is CollectionException or AuthenticationFailedException or CredentialUnavailableException or RequestFailedException or AggregateException or OperationCanceledException)
        {
            progress.Finish("");
            var why = e switch
            {
                OperationCanceledException => "cancelled",
                AuthenticationFailedException or CredentialUnavailableException => $"sign-in failed: {FirstLine(e.Message)}",
                AggregateException a => $"Azure did not answer: {FirstLine(a.InnerExceptions.LastOrDefault()?.Message ?? a.Message)}",
                _ => FirstLine(e.Message),
            };
            env.Error.WriteLine($"error: collection failed: {why}");
            return (null, ExitCodes.RuntimeFailure);
        }
    }

    public static bool Save(CliEnvironment env, Snapshot snapshot, string path)
    {
        try
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (folder is not null)
            {
                Directory.CreateDirectory(folder);
            }
            using var stream = File.Create(path);
            snapshot.WriteTo(stream);
            env.Out.WriteLine($"wrote {path}");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            env.Error.WriteLine($"error: cannot write the snapshot to '{path}': {e.Message}");
            return false;
        }
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();

    /// <summary>A live line on a terminal; plain lines at each stage change in logs.</summary>
    private sealed class ProgressPrinter(CliEnvironment env) : IProgress<CollectionProgress>
    {
        private string _stage = "";

        public void Report(CollectionProgress value)
        {
            var line = value.KeysTotal > 0
                ? $"collect: keys {value.KeysDone}/{value.KeysTotal}"
                : $"collect: {value.Stage}: {value.Pages} pages, {value.Rows} rows";
            lock (this)
            {
                if (env.Interactive)
                {
                    env.Error.Write($"\r{line}\u001b[K");
                }
                else if (value.Stage != _stage)
                {
                    env.Error.WriteLine(line);
                }
                _stage = value.Stage;
            }
        }

        public void Finish(string message)
        {
            lock (this)
            {
                if (env.Interactive)
                {
                    env.Error.Write("\r\u001b[K");
                }
                if (message.Length > 0)
                {
                    env.Error.WriteLine($"collect: {message}");
                }
            }
        }
    }
}
