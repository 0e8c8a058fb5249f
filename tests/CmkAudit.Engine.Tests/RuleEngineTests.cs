using CmkAudit.Model;
using CmkAudit.Model.Graph;
using CmkAudit.Model.Input;

namespace CmkAudit.Engine.Tests;

public sealed class RuleEngineTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private sealed class FixedRule(string id, Func<Subject, Verdict> verdict, Func<IEnumerable<Subject>>? subjects = null) : Rule
    {
        public override RuleDescriptor Descriptor { get; } = new(id, "Test" + id, "title", SubjectKind.Registry, Severity.High, "d.", "r", [], new Uri("https://learn.microsoft.com/"));

        public override IEnumerable<Subject> SubjectsOf(RuleContext context) =>
            subjects?.Invoke() ?? [new Subject("/subscriptions/s/b", "t", 0), new Subject("/subscriptions/s/A", "t", 0), new Subject("/subscriptions/s/a", "t", 0)];

        public override Verdict Evaluate(Subject subject, RuleContext context) => verdict(subject);
    }

    private static EstateGraph EmptyGraph() => new(new Estate());

    [Fact]
    public void A_rule_that_throws_yields_error_for_that_resource_and_the_scan_goes_on()
    {
        var rule = new FixedRule("CMK9001", s => s.ResourceId.EndsWith('b') ? throw new InvalidOperationException("boom") : Verdict.Pass("ok"));

        var results = RuleEngine.Run([rule], EmptyGraph(), ScanConfiguration.Default, Now);

        var error = Assert.Single(results, r => r.Outcome == Outcome.Error);
        Assert.Equal("/subscriptions/s/b", error.ResourceId);
        Assert.Contains("InvalidOperationException: boom", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, results.Count(r => r.Outcome == Outcome.Pass));
        Assert.True(error.IsProblem);
    }

    [Fact]
    public void A_rule_that_cannot_list_its_resources_yields_one_error_not_silence()
    {
        var rule = new FixedRule("CMK9002", _ => Verdict.Pass("ok"), () => throw new KeyNotFoundException("gone"));

        var result = Assert.Single(RuleEngine.Run([rule], EmptyGraph(), ScanConfiguration.Default, Now));

        Assert.Equal(Outcome.Error, result.Outcome);
    }

    [Fact]
    public void Results_are_ordered_by_rule_id_then_resource_id_whatever_the_rule_order()
    {
        var rules = new Rule[] { new FixedRule("CMK9002", _ => Verdict.Pass("ok")), new FixedRule("CMK9001", _ => Verdict.Fail("no")) };

        var results = RuleEngine.Run(rules, EmptyGraph(), ScanConfiguration.Default, Now);

        Assert.Equal(
            ["CMK9001 /subscriptions/s/A", "CMK9001 /subscriptions/s/a", "CMK9001 /subscriptions/s/b", "CMK9002 /subscriptions/s/A", "CMK9002 /subscriptions/s/a", "CMK9002 /subscriptions/s/b"],
            results.Select(r => $"{r.RuleId} {r.ResourceId}"));
    }

    [Fact]
    public void Severity_overrides_change_the_effective_severity()
    {
        var configuration = ScanConfiguration.Default with { SeverityOverrides = new Dictionary<string, Severity>(StringComparer.OrdinalIgnoreCase) { ["CMK9001"] = Severity.Low } };

        var results = RuleEngine.Run([new FixedRule("CMK9001", _ => Verdict.Fail("no"))], EmptyGraph(), configuration, Now);

        Assert.All(results, r => Assert.Equal(Severity.Low, r.Severity));
    }

    [Fact]
    public void Registry_rules_skip_registries_that_are_not_provisioned()
    {
        using var file = new TempFile("""
            {"id":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/cr","type":"Microsoft.ContainerRegistry/registries",
             "properties":{"provisioningState":"Creating","encryption":{"status":"disabled"}}}
            """);
        var graph = new EstateGraph(InputLoader.Load([file.Path]));
        var rule = new ProbeRegistryRule();

        var result = Assert.Single(RuleEngine.Run([rule], graph, ScanConfiguration.Default, Now));

        Assert.Equal(Outcome.NotApplicable, result.Outcome);
        Assert.Contains("Creating", result.Message, StringComparison.Ordinal);
        Assert.False(rule.Called);
    }

    private sealed class ProbeRegistryRule : RegistryRule
    {
        public bool Called { get; private set; }

        public override RuleDescriptor Descriptor { get; } = new("CMK9003", "Probe", "t", SubjectKind.Registry, Severity.Low, "d.", "r", [], new Uri("https://learn.microsoft.com/"));

        protected override Verdict Evaluate(CmkChain chain, RuleContext context)
        {
            Called = true;
            return Verdict.Pass("called");
        }
    }

    private sealed class TempFile : IDisposable
    {
        public TempFile(string content)
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"cmkaudit-{Guid.NewGuid():N}.json");
            File.WriteAllText(Path, content);
        }

        public string Path { get; }

        public void Dispose() => File.Delete(Path);
    }
}
