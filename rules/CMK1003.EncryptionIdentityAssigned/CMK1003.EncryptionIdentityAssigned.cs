using CmkAudit.Engine;
using CmkAudit.Model.Graph;

namespace CmkAudit.Rules;

public sealed class EncryptionIdentityAssigned : RegistryRule
{
    public override RuleDescriptor Descriptor { get; } = new(
        "CMK1003",
        nameof(EncryptionIdentityAssigned),
        "The encryption identity is still assigned to the registry",
        SubjectKind.Registry,
        Severity.Critical,
        "The identity named in keyVaultProperties.identity (a client id) must still be assigned to the registry; without it the registry cannot unwrap its key and, once the identity's credentials expire, pulls and pushes fail.",
        "Re-assign the identity with `az acr identity assign --identities <identity id>`, or move encryption to an assigned identity with `az acr encryption rotate-key --identity`.",
        [Compliance.McsbDp5, Compliance.McsbDp6],
        new Uri("https://learn.microsoft.com/azure/container-registry/tutorial-troubleshoot-customer-managed-keys"))
    {
        Fix = new(FixPhase.AssignIdentity),
    };

    protected override Verdict Evaluate(CmkChain chain, RuleContext context)
    {
        if (RequireCmk(chain) is { } notCmk)
        {
            return notCmk;
        }
        var identity = chain.Identity!;
        var evidence = new[]
        {
            Of(chain, "properties.encryption.keyVaultProperties.identity", chain.Registry.Encryption!.IdentityClientId),
            Of(chain, "identity.type", chain.Registry.Identity?.Type),
            Of(chain, "identity.userAssignedIdentities", chain.Registry.Identity is null ? null : string.Join(", ", chain.Registry.Identity.UserAssigned.Select(u => u.ResourceId))),
        };
        return identity.AssignedToRegistry
            ? Verdict.Pass($"The encryption identity is assigned: {identity.Explanation}.", evidence)
            : Verdict.Fail($"The encryption identity is not assigned: {identity.Explanation}.", evidence).With(FixFacts.Registry(chain));
    }
}
