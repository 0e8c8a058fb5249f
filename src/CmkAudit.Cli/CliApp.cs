using System.CommandLine;
using System.Reflection;

namespace CmkAudit.Cli;

/// <summary>
/// What the CLI talks to, injected so tests run it in-process with a fixed clock, captured output, their own
/// environment variables and a local ARM server behind <see cref="ArmHandler"/>.
/// </summary>
public sealed record CliEnvironment(TimeProvider Clock, TextWriter Out, TextWriter Error, bool Interactive)
{
    public Func<string, string?> GetVariable { get; init; } = Environment.GetEnvironmentVariable;

    public HttpMessageHandler? ArmHandler { get; init; }
}

/// <summary>The command tree. Commands are thin: they parse, call the library, print and pick the exit code.</summary>
public static class CliApp
{
    public static string Version { get; } =
        typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    private sealed class PrintVersion(CliEnvironment environment) : System.CommandLine.Invocation.SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            environment.Out.WriteLine(Version);
            return ExitCodes.Success;
        }
    }

    public static int Run(string[] args, CliEnvironment environment) => RunAsync(args, environment).GetAwaiter().GetResult();

    public static async Task<int> RunAsync(string[] args, CliEnvironment environment)
    {
        var root = new RootCommand("CmkAudit: audits Azure Container Registry customer-managed-key encryption, link by link.");
        root.Subcommands.Add(ScanCommand.Create(environment));
        root.Subcommands.Add(CollectCommand.Create(environment));
        root.Subcommands.Add(RulesCommand.Create(environment));
        // --version prints the version and the commit it was built from, to the injected output.
        root.Options.OfType<VersionOption>().Single().Action = new PrintVersion(environment);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                environment.Error.WriteLine($"error: {error.Message}");
            }
            environment.Error.WriteLine("Run 'cmkaudit --help' for usage.");
            return ExitCodes.UsageOrInputError;
        }
        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = environment.Out, Error = environment.Error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            // Never a stack trace on the console: say what broke and that it is ours.
            environment.Error.WriteLine($"error: unexpected failure: {e.GetType().Name}: {e.Message}");
            return ExitCodes.RuntimeFailure;
        }
    }
}
