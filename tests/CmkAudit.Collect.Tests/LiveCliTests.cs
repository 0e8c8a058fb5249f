using System.Text.Json;
using CmkAudit.Cli;
using CmkAudit.Tests;

namespace CmkAudit.Collect.Tests;

/// <summary>`cmkaudit scan` and `collect` against the local ARM server, signed in with --auth token.</summary>
public sealed class LiveCliTests : IDisposable
{
    private const string Token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.secret-test-token";
    private readonly string _workspace = Path.Combine(Path.GetTempPath(), "cmkaudit-live", Guid.NewGuid().ToString("N"));

    public LiveCliTests() => Directory.CreateDirectory(_workspace);

    public void Dispose() => Directory.Delete(_workspace, recursive: true);

    private sealed record Run(int ExitCode, string Out, string Error);

    private static Run Cli(FakeArm? arm, string? token, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var environment = new CliEnvironment(new FixedClock(), output, error, Interactive: false)
        {
            GetVariable = name => name == "AZURE_ACCESS_TOKEN" ? token : null,
            ArmHandler = arm?.Handler,
        };
        var code = CliApp.Run(args, environment);
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
        return new Run(code, output.ToString(), error.ToString());
    }

    private sealed class FixedClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => RepositoryPaths.FixtureNow;
    }

    private static string[] Live(params string[] args) =>
        [.. args, "--auth", "token", "--arm-endpoint", FakeArm.Endpoint.AbsoluteUri,
         "--subscription", Estates.Prod, "--subscription", Estates.NonProd, Estates.Security];

    private static List<string> Results(string findings)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(findings));
        return [.. json.RootElement.GetProperty("results").EnumerateArray().Select(r => $"{r.GetProperty("ruleId")} {r.GetProperty("resourceId")} {r.GetProperty("outcome")} {r.GetProperty("message")}")];
    }

    [Fact]
    public async Task A_live_scan_and_a_scan_of_its_snapshot_give_the_same_verdicts()
    {
        await using var arm = await FakeArm.StartAsync(Estates.Demo());
        var live = Path.Combine(_workspace, "live");
        var offline = Path.Combine(_workspace, "offline");

        var liveRun = Cli(arm, Token, Live("scan", "--out", live, "--format", "json"));
        var offlineRun = Cli(null, null, "scan", "--input", Path.Combine(live, "snapshot.json"), "--out", offline, "--format", "json");

        Assert.Equal(ExitCodes.Findings, liveRun.ExitCode);
        Assert.Equal(ExitCodes.Findings, offlineRun.ExitCode);
        Assert.Contains("collect: collected", liveRun.Error, StringComparison.Ordinal);
        Assert.Equal(Results(Path.Combine(live, "findings.json")), Results(Path.Combine(offline, "findings.json")));
        Assert.DoesNotContain(Token, File.ReadAllText(Path.Combine(live, "snapshot.json")), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, liveRun.Out + liveRun.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Collect_writes_a_snapshot_with_its_queries_and_coverage()
    {
        await using var arm = await FakeArm.StartAsync(Estates.Demo());
        arm.ForbiddenSubscriptions.Add(Estates.NonProd);
        var path = Path.Combine(_workspace, "estate.snapshot.json");

        var run = Cli(arm, Token, Live("collect", "--out", path));

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("PARTIAL coverage", run.Error, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var collection = json.RootElement.GetProperty("collection");
        Assert.Equal("CmkAuditSnapshot", json.RootElement.GetProperty("kind").GetString());
        Assert.Equal(FakeArm.Endpoint.AbsoluteUri, collection.GetProperty("armEndpoint").GetString());
        Assert.True(collection.GetProperty("coverage").GetProperty("partial").GetBoolean());
        Assert.Equal($"/subscriptions/{Estates.NonProd}", collection.GetProperty("coverage").GetProperty("failedScopes")[0].GetProperty("scope").GetString());
        Assert.Contains(collection.GetProperty("queries").EnumerateArray(), q => q.GetProperty("text").GetString()!.StartsWith("resources", StringComparison.Ordinal));

        var scan = Cli(null, null, "scan", "--input", path, "--out", Path.Combine(_workspace, "out"), "--format", "json");
        Assert.Contains("coverage: PARTIAL", scan.Out, StringComparison.Ordinal);
        Assert.Contains("CMK0010", scan.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_query_is_a_collection_failure_exit_3()
    {
        await using var arm = await FakeArm.StartAsync(Estates.Demo());
        arm.RejectRoleDefinitionQuery = true;

        var run = Cli(arm, Token, Live("scan", "--out", Path.Combine(_workspace, "out")));

        Assert.Equal(ExitCodes.RuntimeFailure, run.ExitCode);
        Assert.Contains("error: collection failed: Resource Graph rejected the roledefinitions query", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, new[] { "--subscription", Estates.Prod, "--auth", "token" }, "AZURE_ACCESS_TOKEN")]
    [InlineData(Token, new[] { "--subscription", "prod" }, "is not a subscription id")]
    [InlineData(Token, new[] { "--subscription", Estates.Prod, "--cloud", "Mars" }, "--cloud 'Mars'")]
    [InlineData(Token, new[] { "--subscription", Estates.Prod, "--auth", "password" }, "--auth 'password'")]
    [InlineData(Token, new[] { "--subscription", Estates.Prod, "--arm-endpoint", "http://arm.test" }, "is not an https URL")]
    [InlineData(Token, new[] { "--subscription", Estates.Prod, "--input", "x.json" }, "not both")]
    public void Bad_live_options_are_usage_errors(string? token, string[] args, string message)
    {
        var run = Cli(null, token, ["scan", "--out", Path.Combine(_workspace, "out"), .. args]);

        Assert.Equal(ExitCodes.UsageOrInputError, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }
}
