namespace CmkAudit.Engine.Tests;

/// <summary>Suppressions with expiry and baseline comparison.</summary>
public sealed class ReviewTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"cmkaudit-review-{Guid.NewGuid():N}");

    public void Dispose() => File.Delete(_file);

    private string Write(string text)
    {
        File.WriteAllText(_file, text);
        return _file;
    }

    private static RuleResult Result(string ruleId, string resourceId, Outcome outcome) =>
        new(ruleId, "Rule" + ruleId, resourceId, "t", outcome, Severity.High, "finding", []);

    [Fact]
    public void Matching_failures_are_suppressed_expired_entries_do_nothing_and_unused_ones_are_listed()
    {
        var entries = Suppressions.Load(Write("""
            suppressions:
              - rules: [CMK1005]
                resources: /subscriptions/*/registries/legacy
                justification: Retired in Q1.
                owner: platform@contoso.com
                expires: 2027-03-31
              - rules: [CMK1006]
                resources: "*"
                justification: Old exception.
                owner: ops@contoso.com
                expires: 2026-11-30
              - rules: [CMK1001]
                resources: "*/nothing-matches"
                justification: Spare.
                owner: ops@contoso.com
                expires: 2027-01-01
            """), ["CMK1001", "CMK1005", "CMK1006"]);
        var results = new[]
        {
            Result("CMK1005", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/REGISTRIES/Legacy", Outcome.Fail),
            Result("CMK1005", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/legacy", Outcome.Pass),
            Result("CMK1006", "/subscriptions/s/registries/legacy", Outcome.Fail),
        };

        var (applied, register) = Suppressions.Apply(results, entries, Now);

        Assert.Equal([Outcome.Suppressed, Outcome.Pass, Outcome.Fail], applied.Select(r => r.Outcome));
        Assert.Equal("Retired in Q1.", applied[0].SuppressedBy!.Justification);
        Assert.StartsWith("Suppressed until 2027-03-31 (owner platform@contoso.com)", applied[0].Message, StringComparison.Ordinal);
        Assert.Equal([SuppressionStatus.Active, SuppressionStatus.Expired, SuppressionStatus.Unused], register.Select(u => u.Status));
        Assert.Equal(1, register[0].Suppressed);
    }

    [Theory]
    [InlineData("suppressions:\n  - rules: [CMK1005]\n    resources: '*'\n    owner: me\n    expires: 2027-01-01\n", "(2,5): a suppression needs a justification")]
    [InlineData("suppressions:\n  - rules: [CMK1005]\n    resources: '*'\n    justification: why\n    owner: me\n", "(2,5): a suppression needs a justification, an owner and an expires date")]
    [InlineData("suppressions:\n  - rules: [CMK1005]\n    justification: why\n    owner: me\n    expires: soon\n", "expires 'soon' is not a date")]
    [InlineData("suppressions:\n  - rules: [CMK9999]\n    justification: why\n    owner: me\n    expires: 2027-01-01\n", "'CMK9999' is not a rule id")]
    [InlineData("suppressions:\n  - rules: [CMK1005]\n    reason: why\n", "unknown key 'reason'")]
    [InlineData("rules: []\n", "expected a top-level 'suppressions:' list")]
    public void Ungoverned_or_malformed_entries_are_errors_naming_the_line(string text, string expected)
    {
        var error = Assert.Throws<ConfigurationException>(() => Suppressions.Load(Write(text), ["CMK1005"]));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith(_file, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Results_are_new_unchanged_or_fixed_against_the_baseline_and_vanished_problems_are_listed()
    {
        var baseline = Baseline.Load(Write("""
            {"results": [
              {"ruleId":"CMK1001","ruleName":"A","resourceId":"/subscriptions/s/r/ONE","outcome":"fail"},
              {"ruleId":"CMK1001","ruleName":"A","resourceId":"/subscriptions/s/r/two","outcome":"fail"},
              {"ruleId":"CMK1001","ruleName":"A","resourceId":"/subscriptions/s/r/gone","outcome":"error"},
              {"ruleId":"CMK1001","ruleName":"A","resourceId":"/subscriptions/s/r/three","outcome":"pass"}
            ]}
            """));
        var results = new[]
        {
            Result("CMK1001", "/subscriptions/s/r/one", Outcome.Fail),
            Result("CMK1001", "/subscriptions/s/r/two", Outcome.Pass),
            Result("CMK1001", "/subscriptions/s/r/three", Outcome.Fail),
            Result("CMK1001", "/subscriptions/s/r/four", Outcome.Pass),
        };

        var (marked, gone) = Baseline.Compare(results, baseline);

        Assert.Equal([BaselineState.Unchanged, BaselineState.Fixed, BaselineState.New, null], marked.Select(r => r.Baseline));
        Assert.Equal("/subscriptions/s/r/gone", Assert.Single(gone).ResourceId);
    }

    [Theory]
    [InlineData("{\"results\": [", "not valid JSON")]
    [InlineData("{\"value\": []}", "not a CmkAudit findings.json")]
    [InlineData("{\"results\": [{\"ruleId\": \"CMK1001\"}]}", "a result has no 'ruleName'")]
    public void A_baseline_that_is_not_a_findings_file_is_an_error(string text, string expected)
    {
        var error = Assert.Throws<ConfigurationException>(() => Baseline.Load(Write(text)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
