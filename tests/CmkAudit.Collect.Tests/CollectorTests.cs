using System.Diagnostics;
using CmkAudit.Engine;
using CmkAudit.Model;
using CmkAudit.Model.Input;
using CmkAudit.Reporting;
using CmkAudit.Rules;
using CmkAudit.Tests;

namespace CmkAudit.Collect.Tests;

public sealed class CollectorTests
{
    private static async Task<Snapshot> Collect(FakeArm arm, Func<CollectorOptions, CollectorOptions>? adjust = null, params string[] subscriptions)
    {
        var options = Estates.Options(arm, subscriptions.Length > 0 ? subscriptions : Estates.DemoSubscriptions);
        return await EstateCollector.CollectAsync(adjust?.Invoke(options) ?? options, null, CancellationToken.None);
    }

    private static IReadOnlyList<RuleResult> Audit(Estate estate) =>
        AuditReport.Create(estate, RulePack.Catalog, new ToolInfo("CmkAudit", "test"),
            new ScanInfo(RepositoryPaths.FixtureNow, ["test"], ScanConfiguration.Default, Severity.High)).Results;

    private static Estate Load(Snapshot snapshot)
    {
        var path = Path.Combine(Path.GetTempPath(), $"cmkaudit-snapshot-{Guid.NewGuid():N}.json");
        try
        {
            using (var stream = File.Create(path))
            {
                snapshot.WriteTo(stream);
            }
            return InputLoader.Load([path]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Paging_collects_every_document_and_costs_one_request_per_page_and_key()
    {
        await using var arm = await FakeArm.StartAsync(Estates.Demo());

        var snapshot = await Collect(arm, o => o with { PageSize = 4 });

        var expected = Estates.Demo()
            .Where(d => d["type"]!.GetValue<string>() is not ("Microsoft.Storage/storageAccounts" or "Microsoft.Network/virtualNetworks"))
            // Only the tasks of CMK registries are listed (crcontosodev's task is on a registry without CMK).
            .Where(d => !d["id"]!.GetValue<string>().EndsWith("/tasks/nightly-base-refresh", StringComparison.Ordinal))
            .Where(d => !d["id"]!.GetValue<string>().Contains("/versions/", StringComparison.Ordinal) || d["id"]!.GetValue<string>().Contains("cmk-legacy", StringComparison.Ordinal))
            .Select(d => d["id"]!.GetValue<string>())
            .Where(id => !id.Contains("/versions/", StringComparison.Ordinal) || id.EndsWith(VersionInUseByLegacy(), StringComparison.Ordinal))
            // The Owner assignment on the prod subscription reaches no CMK vault (they live in the security subscription).
            .Where(id => !id.StartsWith($"/subscriptions/{Estates.Prod}/providers/Microsoft.Authorization/roleAssignments/", StringComparison.Ordinal))
            .Order(StringComparer.OrdinalIgnoreCase);
        Assert.Equal(expected.ToList(), snapshot.Resources.Select(r => r.GetProperty("id").GetString()!).Order(StringComparer.OrdinalIgnoreCase));
        Assert.False(snapshot.IsPartial);
        var pages = snapshot.Queries.Sum(q => Math.Max(1, (int)Math.Ceiling(q.Rows / 4.0)));
        Assert.Equal(pages, snapshot.Queries.Sum(q => q.Pages));
        Assert.True(snapshot.Queries.Single(q => q.Name == "resources").Pages > 3);
        // One GET per key in use (9 vault keys and 1 managed HSM key), the older version the pinned legacy registry still
        // uses, and one task list per CMK registry (10).
        Assert.True(pages + 10 + 1 + 10 == snapshot.Requests, string.Join(", ", snapshot.Queries.Select(q => $"{q.Name} {q.Rows} rows {q.Pages} pages")) + $", {snapshot.Requests} requests");
        Assert.Equal(snapshot.Requests, arm.Requests.Count);
    }

    private static string VersionInUseByLegacy() =>
        Estates.Demo().Single(d => d["name"]?.GetValue<string>() == "crcontosolegacy")["properties"]!["encryption"]!["keyVaultProperties"]!["versionedKeyIdentifier"]!
            .GetValue<string>().Split('/')[^1];

    [Fact]
    public async Task The_snapshot_gives_the_same_verdicts_as_the_exported_estate()
    {
        await using var arm = await FakeArm.StartAsync(Estates.Demo());

        var live = Audit(Load(await Collect(arm)));
        var offline = Audit(InputLoader.Load([RepositoryPaths.Demo]));

        static string Line(RuleResult r) => $"{r.RuleId} {r.ResourceId} {r.Outcome} {r.Message}";
        var differences = offline.Select(Line).Except(live.Select(Line)).Concat(live.Select(Line).Except(offline.Select(Line)));
        Assert.True(!differences.Any(), string.Join("\n", differences));
    }

    [Fact]
    public async Task A_forbidden_subscription_is_isolated_recorded_and_the_others_are_read()
    {
        await using var arm = await FakeArm.StartAsync(Estates.Demo());
        arm.ForbiddenSubscriptions.Add(Estates.NonProd);

        var snapshot = await Collect(arm);

        var failed = Assert.Single(snapshot.FailedScopes);
        Assert.Equal($"/subscriptions/{Estates.NonProd}", failed.Scope);
        Assert.Equal(403, failed.Status);
        Assert.StartsWith("AuthorizationFailed", failed.Reason, StringComparison.Ordinal);
        Assert.True(snapshot.IsPartial);
        Assert.Contains(snapshot.Resources, r => r.GetProperty("id").GetString()!.Contains(Estates.Prod, StringComparison.Ordinal));
        Assert.DoesNotContain(snapshot.Resources, r => r.GetProperty("id").GetString()!.Contains(Estates.NonProd, StringComparison.Ordinal));
        var estate = Load(snapshot);
        Assert.Contains(estate.Diagnostics, d => d.Code == DiagnosticCodes.ScopeNotCollected && d.Message.Contains(Estates.NonProd, StringComparison.Ordinal));
        Assert.True(Assert.Single(estate.Collections).Partial);
    }

    [Fact]
    public async Task A_429_with_retry_after_is_waited_out_and_retried()
    {
        await using var arm = await FakeArm.StartAsync(Estates.Demo());
        arm.Faults[1] = (429, new() { ["Retry-After"] = "1" }, TimeSpan.Zero);

        var clock = Stopwatch.StartNew();
        var snapshot = await Collect(arm);

        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"waited {clock.Elapsed}");
        Assert.False(snapshot.IsPartial);
        Assert.Equal(arm.Requests.Count - 1, snapshot.Requests);
    }

    [Fact]
    public async Task A_429_without_retry_after_waits_for_the_quota_reset()
    {
        await using var arm = await FakeArm.StartAsync(Estates.Demo());
        arm.Faults[1] = (429, new() { ["x-ms-user-quota-remaining"] = "0", ["x-ms-user-quota-resets-after"] = "00:00:01" }, TimeSpan.Zero);

        var clock = Stopwatch.StartNew();
        var snapshot = await Collect(arm);

        // The reset is one second; Azure.Core applies up to 20 % jitter, and its own first delay here is 50 ms.
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.75), $"waited {clock.Elapsed}");
        Assert.NotEmpty(snapshot.Resources);
    }

    [Fact]
    public async Task An_exhausted_quota_pauses_before_the_next_request()
    {
        await using var arm = await FakeArm.StartAsync(Estates.Demo());
        arm.QuotaRemaining = "0";
        arm.QuotaResetsAfter = "00:00:01";

        var clock = Stopwatch.StartNew();
        await Collect(arm, o => o with { PageSize = 1000 }, Estates.Prod);

        // Three queries of one page each (the vaults are in another subscription, so no role assignment query),
        // each followed by a one-second pause.
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(2.9), $"waited {clock.Elapsed}");
    }

    [Fact]
    public async Task A_server_error_then_success_is_retried()
    {
        await using var arm = await FakeArm.StartAsync(Estates.Demo());
        arm.Faults[2] = (500, [], TimeSpan.Zero);

        var snapshot = await Collect(arm);

        Assert.False(snapshot.IsPartial);
        Assert.Equal(arm.Requests.Count - 1, snapshot.Requests);
    }

    [Fact]
    public async Task A_slow_answer_times_out_and_is_retried()
    {
        await using var arm = await FakeArm.StartAsync(Estates.Demo());
        arm.Faults[1] = (200, [], TimeSpan.FromSeconds(3));

        var snapshot = await Collect(arm, o => o with { NetworkTimeout = TimeSpan.FromSeconds(1) });

        Assert.NotEmpty(snapshot.Resources);
        Assert.Equal(arm.Requests.Count - 1, snapshot.Requests);
    }

    [Fact]
    public async Task Cancelling_stops_a_collection_promptly()
    {
        await using var arm = await FakeArm.StartAsync(Estates.Demo());
        arm.Faults[1] = (200, [], TimeSpan.FromSeconds(30));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => EstateCollector.CollectAsync(Estates.Options(arm, Estates.Prod), null, cancel.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task An_invalid_query_stops_collection_with_the_service_message()
    {
        await using var arm = await FakeArm.StartAsync(Estates.Demo());
        arm.RejectRoleDefinitionQuery = true;

        var error = await Assert.ThrowsAsync<CollectionException>(() => Collect(arm));

        Assert.Contains("rejected the roledefinitions query: Query is invalid.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_that_arm_says_does_not_exist_fails_key_usable()
    {
        var documents = Estates.Demo().Where(d => !d["id"]!.GetValue<string>().EndsWith("/keys/cmk-acr-prod", StringComparison.Ordinal)).ToList();
        await using var arm = await FakeArm.StartAsync(documents);

        var snapshot = await Collect(arm);

        var absent = Assert.Single(snapshot.AbsentKeys);
        Assert.EndsWith("/keys/cmk-acr-prod", absent, StringComparison.Ordinal);
        var result = Audit(Load(snapshot)).Single(r => r.RuleId == "CMK3001" && r.ResourceId.EndsWith("/keys/cmk-acr-prod", StringComparison.Ordinal));
        Assert.Equal(Outcome.Fail, result.Outcome);
        Assert.Contains("404", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registry_whose_tasks_cannot_be_listed_gets_an_unknown_task_verdict_not_a_pass()
    {
        await using var arm = await FakeArm.StartAsync(Estates.Demo());
        arm.ForbiddenTaskLists.Add("crcontosoprodweu");

        var snapshot = await Collect(arm);

        var failed = Assert.Single(snapshot.FailedScopes);
        Assert.EndsWith("/registries/crcontosoprodweu/tasks", failed.Scope, StringComparison.Ordinal);
        Assert.Equal(403, failed.Status);
        var results = Audit(Load(snapshot)).Where(r => r.RuleId == "CMK1006").ToList();
        Assert.Equal(Outcome.Unknown, results.Single(r => r.ResourceId.EndsWith("/crcontosoprodweu", StringComparison.Ordinal)).Outcome);
        Assert.Equal(Outcome.Fail, results.Single(r => r.ResourceId.EndsWith("/crcontosolegacy", StringComparison.Ordinal)).Outcome);
    }

    [Fact]
    public async Task A_management_group_scope_is_queried_with_partial_scopes_allowed()
    {
        await using var arm = await FakeArm.StartAsync(Estates.Demo());
        arm.ManagementGroups["mg-contoso-root"] = Estates.DemoSubscriptions;

        var snapshot = await EstateCollector.CollectAsync(Estates.Options(arm) with { ManagementGroups = ["mg-contoso-root"] }, null, CancellationToken.None);

        Assert.Contains(snapshot.Resources, r => r.GetProperty("id").GetString()!.Contains(Estates.NonProd, StringComparison.Ordinal));
        Assert.All(arm.Requests.Where(r => r.Method == "POST"), r =>
        {
            Assert.Contains("\"managementGroups\":[\"mg-contoso-root\"]", r.Body, StringComparison.Ordinal);
            Assert.Contains("\"allowPartialScopes\":true", r.Body, StringComparison.Ordinal);
            Assert.Contains("\"authorizationScopeFilter\":\"AtScopeAboveAndBelow\"", r.Body, StringComparison.Ordinal);
        });
    }
}
