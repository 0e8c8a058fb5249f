using CmkAudit.Engine;
using CmkAudit.Model.Graph;
using CmkAudit.Model.Input;
using CmkAudit.Tests;

namespace CmkAudit.Rules.Tests;

/// <summary>
/// The one data-driven test over every rule folder: each pass/ and fail/ fixture yields exactly the passing and
/// failing resources its expected.txt lists, reads without diagnostics, and crashes no rule.
/// </summary>
public sealed class RuleFixtureTests
{
    public static TheoryData<string, string> Fixtures()
    {
        var data = new TheoryData<string, string>();
        foreach (var folder in RuleFolders())
        {
            data.Add(folder, "pass");
            data.Add(folder, "fail");
        }
        return data;
    }

    internal static IEnumerable<string> RuleFolders() =>
        Directory.GetDirectories(RepositoryPaths.Rules, "CMK*").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Fixture_yields_exactly_the_expected_passes_and_fails(string folder, string kind)
    {
        var directory = Path.Combine(RepositoryPaths.Rules, folder, kind);
        var rule = RulePack.Find(folder[..7]);
        Assert.NotNull(rule);
        var estate = InputLoader.Load(Directory.GetFiles(directory, "*.json"));
        Assert.Empty(estate.Diagnostics);

        var results = RuleEngine.Run([rule], new EstateGraph(estate), ScanConfiguration.Default, RepositoryPaths.FixtureNow);

        var expected = File.ReadAllLines(Path.Combine(directory, "expected.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(' ', 2))
            .ToList();
        Assert.Equal(Ids(expected, "pass"), Ids(results, Outcome.Pass));
        Assert.Equal(Ids(expected, "fail"), Ids(results, Outcome.Fail));
        Assert.DoesNotContain(results, r => r.Outcome == Outcome.Error);
        if (kind == "pass")
        {
            Assert.NotEmpty(Ids(results, Outcome.Pass));
            Assert.Empty(Ids(results, Outcome.Fail));
        }
        else
        {
            Assert.NotEmpty(Ids(results, Outcome.Fail));
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void No_rule_crashes_on_any_fixture(string folder, string kind)
    {
        var estate = InputLoader.Load(Directory.GetFiles(Path.Combine(RepositoryPaths.Rules, folder, kind), "*.json"));

        var results = RuleEngine.Run(RulePack.All, new EstateGraph(estate), ScanConfiguration.Default, RepositoryPaths.FixtureNow);

        Assert.Empty(results.Where(r => r.Outcome == Outcome.Error).Select(r => $"{r.RuleId} {r.ResourceId}: {r.Message}"));
    }

    private static SortedSet<string> Ids(IEnumerable<string[]> expected, string outcome) =>
        new(expected.Where(e => e[0] == outcome).Select(e => e[1]), StringComparer.Ordinal);

    private static SortedSet<string> Ids(IEnumerable<RuleResult> results, Outcome outcome) =>
        new(results.Where(r => r.Outcome == outcome).Select(r => r.ResourceId), StringComparer.Ordinal);
}
