using CmkAudit.Engine;
using CmkAudit.Model.Graph;

namespace CmkAudit.Rules;

public sealed class RegistryPremiumSku : RegistryRule
{
    public override RuleDescriptor Descriptor { get; } = new(
        "CMK1002",
        nameof(RegistryPremiumSku),
        "Registry in CMK scope is on the Premium SKU",
        SubjectKind.Registry,
        Severity.Medium,
        "Customer-managed keys are available only on the Premium service tier, so a registry in CMK scope on Basic or Standard cannot meet the CMK requirement.",
        "Upgrade the registry with `az acr update --sku Premium`, or create the replacement CMK registry on Premium.",
        [Compliance.McsbDp5, Compliance.PolicyAcrCmk],
        new Uri("https://learn.microsoft.com/azure/container-registry/tutorial-customer-managed-keys"))
    {
        Fix = new(FixPhase.Rebuild),
    };

    protected override Verdict Evaluate(CmkChain chain, RuleContext context)
    {
        var scope = context.Configuration.CmkScope;
        if (!scope.Includes(chain.Registry))
        {
            return Verdict.NotApplicable($"The registry is outside the CMK scope ({scope}).");
        }
        var sku = chain.Registry.SkuName;
        if (sku is null)
        {
            return Verdict.Unknown("The registry document has no sku.name.");
        }
        var evidence = Of(chain, "sku.name", sku);
        return sku.Equals("Premium", StringComparison.OrdinalIgnoreCase)
            ? Verdict.Pass("The registry is on the Premium SKU.", evidence)
            : Verdict.Fail($"The registry is on the {sku} SKU; customer-managed keys need Premium.", evidence).With(FixFacts.Registry(chain));
    }
}
