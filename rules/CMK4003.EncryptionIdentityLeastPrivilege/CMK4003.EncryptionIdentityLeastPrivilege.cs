using CmkAudit.Engine;
using CmkAudit.Model.Graph;

namespace CmkAudit.Rules;

public sealed class EncryptionIdentityLeastPrivilege : RegistryRule
{
    public override RuleDescriptor Descriptor { get; } = new(
        "CMK4003",
        nameof(EncryptionIdentityLeastPrivilege),
        "The encryption identity holds no more than it needs on the vault",
        SubjectKind.Registry,
        Severity.Low,
        "The registry needs only get, wrapKey and unwrapKey. Broader key permissions (decrypt, sign, delete, purge, all), secret or certificate permissions, or management rights that can change the vault's access let anyone who controls the registry's identity do more than encrypt it.",
        "Replace broad grants with the Key Vault Crypto Service Encryption User role scoped to the key (RBAC), or an access policy with only get, wrapKey and unwrapKey; then delete the broad grant.",
        [Compliance.McsbPa7, Compliance.McsbDp8],
        new Uri("https://learn.microsoft.com/azure/key-vault/general/rbac-guide"))
    {
        Fix = new(FixPhase.CleanUp),
    };

    protected override Verdict Evaluate(CmkChain chain, RuleContext context)
    {
        if (RequireCmk(chain) is { } notCmk)
        {
            return notCmk;
        }
        var (access, blocked) = KeyAccessPreconditions.Resolve(chain, context);
        if (blocked is not null)
        {
            return blocked;
        }
        var broad = access!.EffectiveGrants.Where(g => g.Excess.Count > 0).ToList();
        var evidence = broad.Select(g => new Evidence(g.Source, "excess", string.Join(", ", g.Excess))).ToArray();
        if (broad.Count > 0)
        {
            return Verdict.Fail($"Identity {access.PrincipalId} holds more than get/wrapKey/unwrapKey on {chain.Vault!.Header.Name}: {string.Join("; ", broad.Select(g => $"{g.Description} adds {string.Join(", ", g.Excess)}"))}.", evidence)
                .With(FixFacts.Registry(chain), ("broad_grants", broad.Select(g => (object)FixFacts.Grant(chain.Vault!, g, access.PrincipalId)).ToList()));
        }
        return access.EffectiveGrants.Count == 0
            ? Verdict.NotApplicable($"Identity {access.PrincipalId} holds nothing on {chain.Vault!.Header.Name} (see CMK4001).")
            : Verdict.Pass($"Identity {access.PrincipalId} holds only what it needs on {chain.Vault!.Header.Name}.");
    }
}
