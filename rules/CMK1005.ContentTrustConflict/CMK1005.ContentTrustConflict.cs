using CmkAudit.Engine;
using CmkAudit.Model.Graph;

namespace CmkAudit.Rules;

public sealed class ContentTrustConflict : RegistryRule
{
    public override RuleDescriptor Descriptor { get; } = new(
        "CMK1005",
        nameof(ContentTrustConflict),
        "Content trust is not enabled on a CMK registry",
        SubjectKind.Registry,
        Severity.Medium,
        "Docker Content Trust (Notary v1) is not supported in a registry encrypted with a customer-managed key, and it is being retired (no new enablement from 31 May 2026, removal on 31 March 2028).",
        "Disable content trust with `az acr config content-trust update --status disabled` and sign images with Notary Project (notation) instead.",
        [Compliance.McsbDp5],
        new Uri("https://learn.microsoft.com/azure/container-registry/container-registry-content-trust"))
    {
        Fix = new(FixPhase.CleanUp),
    };

    protected override Verdict Evaluate(CmkChain chain, RuleContext context)
    {
        if (RequireCmk(chain) is { } notCmk)
        {
            return notCmk;
        }
        if (!chain.Registry.HasPolicies)
        {
            return Verdict.Unknown("The registry document has no properties.policies, so the content trust setting is not known.");
        }
        var status = chain.Registry.TrustPolicyStatus;
        var evidence = Of(chain, "properties.policies.trustPolicy.status", status);
        return string.Equals(status, "enabled", StringComparison.OrdinalIgnoreCase)
            ? Verdict.Fail("Content trust is enabled on a registry encrypted with a customer-managed key, which Azure does not support.", evidence).With(FixFacts.Registry(chain))
            : Verdict.Pass("Content trust is not enabled.", evidence);
    }
}
