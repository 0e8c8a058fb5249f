using CmkAudit.Benchmarks;
using Xunit.Abstractions;

namespace CmkAudit.Collect.Tests;

/// <summary>
/// The request cost of collecting a simulated 100,000-resource estate through the local ARM server:
/// ⌈rows/1000⌉ per query and scope, plus one per key in use, one per older key version a registry still uses, and one
/// task list per CMK registry.
/// </summary>
public sealed class CollectionCostTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_100k_resource_estate_costs_a_page_per_thousand_rows_plus_one_request_per_key()
    {
        var folder = Path.Combine(Path.GetTempPath(), "cmkaudit-cost", Guid.NewGuid().ToString("N"));
        SyntheticEstate.Write(folder, 100_000);
        try
        {
            var documents = Estates.Documents(folder);
            var subscriptions = documents.Select(d => d["id"]!.GetValue<string>().Split('/')[2]).Distinct().ToArray();
            await using var arm = await FakeArm.StartAsync(documents);

            var snapshot = await EstateCollector.CollectAsync(Estates.Options(arm, subscriptions), null, CancellationToken.None);

            var pages = snapshot.Queries.Sum(q => Math.Max(1, (int)Math.Ceiling(q.Rows / 1000.0)));
            var keys = documents.Count(d => d["type"]!.GetValue<string>() == "Microsoft.KeyVault/vaults/keys");
            // The synthetic estate pins one registry in ten blocks' worth to an older version (registry 4 of each block).
            var olderVersions = documents.Count(d => d["type"]!.GetValue<string>() == "Microsoft.ContainerRegistry/registries") / 10;
            var cmkRegistries = keys;  // the synthetic estate gives every key exactly one CMK registry
            foreach (var query in snapshot.Queries)
            {
                output.WriteLine($"{query.Name}: {query.Rows} rows, {query.Pages} pages");
            }
            output.WriteLine($"{documents.Count} resources in {subscriptions.Length} subscriptions: {snapshot.Requests} requests = {pages} Resource Graph pages + {keys} keys + {olderVersions} older versions in use + {cmkRegistries} task lists");
            Assert.Equal(pages, snapshot.Queries.Sum(q => q.Pages));
            Assert.Equal(pages + keys + olderVersions + cmkRegistries, snapshot.Requests);
            Assert.Equal(snapshot.Requests, arm.Requests.Count);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
