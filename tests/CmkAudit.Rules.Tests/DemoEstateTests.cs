using CmkAudit.Engine;
using CmkAudit.Model.Graph;
using CmkAudit.Model.Input;
using CmkAudit.Tests;

namespace CmkAudit.Rules.Tests;

/// <summary>The demo estate the README scans shows every rule failing somewhere and passing somewhere else.</summary>
public sealed class DemoEstateTests
{
    private static readonly Lazy<IReadOnlyList<RuleResult>> Results = new(() =>
    {
        var estate = InputLoader.Load([RepositoryPaths.Demo]);
        Assert.Empty(estate.Diagnostics);
        return RuleEngine.Run(RulePack.All, new EstateGraph(estate), ScanConfiguration.Default, RepositoryPaths.FixtureNow);
    });

    public static TheoryData<string> RuleIds() => [.. RulePack.All.Select(r => r.Descriptor.Id)];

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Every_rule_fails_somewhere_and_passes_somewhere_else(string ruleId)
    {
        var outcomes = Results.Value.Where(r => r.RuleId == ruleId).ToList();

        Assert.Contains(outcomes, r => r.Outcome == Outcome.Fail);
        Assert.Contains(outcomes, r => r.Outcome == Outcome.Pass);
        Assert.DoesNotContain(outcomes, r => r.Outcome == Outcome.Error);
    }

    [Fact]
    public void A_managed_hsm_key_is_unknown_for_access_not_passed()
    {
        var hsm = Results.Value.Single(r => r.RuleId == "CMK4001" && r.ResourceId.EndsWith("/crcontosohsm", StringComparison.Ordinal));

        Assert.Equal(Outcome.Unknown, hsm.Outcome);
        Assert.Contains("local RBAC", hsm.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_role_at_a_management_group_above_the_vault_subscription_grants_key_access()
    {
        var reports = Results.Value.Single(r => r.RuleId == "CMK4001" && r.ResourceId.EndsWith("/crcontosoreports", StringComparison.Ordinal));

        Assert.Equal(Outcome.Pass, reports.Outcome);
        Assert.Contains("managementGroups/mg-contoso-platform", reports.Evidence.Single(e => e.Path == "grant").Value, StringComparison.Ordinal);
    }
}
