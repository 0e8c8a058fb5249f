using CmkAudit.Engine;
using CmkAudit.Model.Graph;
using CmkAudit.Model.Resources;

namespace CmkAudit.Rules;

public sealed class VaultPurgeProtection : VaultRule
{
    public override RuleDescriptor Descriptor { get; } = new(
        "CMK2002",
        nameof(VaultPurgeProtection),
        "Purge protection is enabled on a vault holding a CMK key",
        SubjectKind.Vault,
        Severity.High,
        "Without purge protection a deleted key can be purged before its retention period ends, destroying access to every image in the registry for good. Microsoft recommends purge protection for ACR CMK vaults; ARM omits the field when it was never enabled.",
        "Run `az keyvault update --enable-purge-protection true`. This cannot be undone.",
        [Compliance.McsbDp8, Compliance.Cis835, Compliance.PolicyDeletionProtection],
        new Uri("https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview"))
    {
        Fix = new(FixPhase.VaultSettings),
    };

    protected override Verdict Evaluate(Vault vault, IReadOnlyList<CmkChain> chains, RuleContext context)
    {
        var evidence = Of(vault, "properties.enablePurgeProtection", vault.EnablePurgeProtection);
        return vault.EnablePurgeProtection == true
            ? Verdict.Pass($"Purge protection is enabled on {vault.Header.Name}.", evidence)
            : Verdict.Fail($"Purge protection is not enabled on {vault.Header.Name}, which holds the key of {Registries(chains)}.", evidence).With(FixFacts.Vault(vault, chains));
    }
}
