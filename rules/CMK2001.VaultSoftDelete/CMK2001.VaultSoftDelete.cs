using CmkAudit.Engine;
using CmkAudit.Model.Graph;
using CmkAudit.Model.Resources;

namespace CmkAudit.Rules;

public sealed class VaultSoftDelete : VaultRule
{
    public override RuleDescriptor Descriptor { get; } = new(
        "CMK2001",
        nameof(VaultSoftDelete),
        "Soft delete is enabled on a vault holding a CMK key",
        SubjectKind.Vault,
        Severity.High,
        "Deleting the key vault or the key makes the registry's content inaccessible; with soft delete the vault and key can be recovered. Microsoft enables soft delete on all vaults since February 2025, so a vault without it is a legacy vault.",
        "Soft delete cannot be switched on for a legacy vault from the current CLI: move the key to a new vault (soft delete is on by default) and rotate the registry to it.",
        [Compliance.McsbDp8, Compliance.PolicySoftDelete],
        new Uri("https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview"))
    {
        Fix = new(FixPhase.Rebuild),
    };

    protected override Verdict Evaluate(Vault vault, IReadOnlyList<CmkChain> chains, RuleContext context)
    {
        var evidence = Of(vault, "properties.enableSoftDelete", vault.EnableSoftDelete);
        return vault.EnableSoftDelete switch
        {
            true => Verdict.Pass($"Soft delete is enabled on {vault.Header.Name}.", evidence),
            false => Verdict.Fail($"Soft delete is disabled on {vault.Header.Name}, which holds the key of {Registries(chains)}: a deleted key cannot be recovered.", evidence).With(FixFacts.Vault(vault, chains)),
            null => Verdict.Unknown("The vault document has no properties.enableSoftDelete.", evidence),
        };
    }
}
