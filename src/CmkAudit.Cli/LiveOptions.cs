using System.CommandLine;
using System.Globalization;
using CmkAudit.Collect;
using CmkAudit.Engine;

namespace CmkAudit.Cli;

/// <summary>The options that say where and how to collect from Azure, shared by `scan` and `collect`.</summary>
internal sealed class LiveOptions
{
    public Option<string[]> Subscriptions { get; } = new("--subscription", "-s")
    {
        Description = "A subscription id to collect from (repeat, or separate with spaces).",
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<string[]> ManagementGroups { get; } = new("--management-group", "-m")
    {
        Description = "A management group name to collect from (repeat for several).",
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<string> Auth { get; } = new("--auth")
    {
        Description = "How to sign in: default, cli, managed-identity, workload-identity, environment, token (reads AZURE_ACCESS_TOKEN).",
        DefaultValueFactory = _ => "default",
    };

    public Option<string> Cloud { get; } = new("--cloud")
    {
        Description = "AzureCloud, AzureChinaCloud or AzureUSGovernment.",
        DefaultValueFactory = _ => "AzureCloud",
    };

    public Option<string?> ArmEndpoint { get; } = new("--arm-endpoint") { Description = "Another ARM endpoint (Azure Stack, a test server), https." };

    public Option<int> Timeout { get; } = new("--timeout")
    {
        Description = "Seconds to wait for one ARM answer before retrying it.",
        DefaultValueFactory = _ => 100,
    };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Subscriptions, ManagementGroups, Auth, Cloud, ArmEndpoint, Timeout })
        {
            command.Options.Add(option);
        }
    }

    public bool HasScope(ParseResult parse, RunSettings file) =>
        (parse.GetValue(Subscriptions)?.Length ?? 0) + (parse.GetValue(ManagementGroups)?.Length ?? 0) + file.Subscriptions.Count + file.ManagementGroups.Count > 0;

    /// <summary>The collector options (command line first, then the configuration file), or a usage message.</summary>
    public (CollectorOptions? Options, string? Error) Read(ParseResult parse, CliEnvironment env, RunSettings file)
    {
        var onCommandLine = ConfigFile.Given(parse, Subscriptions, ManagementGroups);
        var subscriptions = onCommandLine ? parse.GetValue(Subscriptions) ?? [] : [.. file.Subscriptions];
        var groups = onCommandLine ? parse.GetValue(ManagementGroups) ?? [] : [.. file.ManagementGroups];
        if (subscriptions.Length + groups.Length == 0)
        {
            return (null, "name at least one --subscription or --management-group to collect from.");
        }
        if (subscriptions.FirstOrDefault(s => !Guid.TryParse(s, out _)) is { } bad)
        {
            return (null, $"--subscription '{bad}' is not a subscription id (a GUID).");
        }
        var cloudName = ConfigFile.Given(parse, Cloud) ? parse.GetValue(Cloud)! : file.Cloud ?? parse.GetValue(Cloud)!;
        if (AzureCloud.Find(cloudName) is not { } cloud)
        {
            return (null, $"--cloud '{cloudName}' is not one of {string.Join(", ", AzureCloud.All.Select(c => c.Name))}.");
        }
        if ((ConfigFile.Given(parse, ArmEndpoint) ? parse.GetValue(ArmEndpoint) : file.ArmEndpoint) is { } endpoint)
        {
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            {
                return (null, $"--arm-endpoint '{endpoint}' is not an https URL.");
            }
            cloud = cloud.WithEndpoint(uri);
        }
        var authName = ConfigFile.Given(parse, Auth) ? parse.GetValue(Auth)! : file.Auth ?? parse.GetValue(Auth)!;
        if (!Enum.TryParse<AuthMode>(authName.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var auth) || int.TryParse(authName, out _))
        {
            return (null, $"--auth '{authName}' is not one of default, cli, managed-identity, workload-identity, environment, token.");
        }
        var timeout = parse.GetValue(Timeout);
        if (timeout is < 1 or > 3600)
        {
            return (null, $"--timeout {timeout.ToString(CultureInfo.InvariantCulture)} must be from 1 to 3600 seconds.");
        }
        try
        {
            return (new CollectorOptions
            {
                Cloud = cloud,
                Credential = Credentials.Create(auth, cloud, env.GetVariable),
                Subscriptions = subscriptions,
                ManagementGroups = groups,
                ToolVersion = CliApp.Version,
                NetworkTimeout = TimeSpan.FromSeconds(timeout),
                Clock = env.Clock,
                Handler = env.ArmHandler,
            }, null);
        }
        catch (CollectionException e)
        {
            return (null, e.Message);
        }
    }
}
