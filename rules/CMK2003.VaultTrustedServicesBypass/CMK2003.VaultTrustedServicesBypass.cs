using CmkAudit.Engine;
using CmkAudit.Model.Graph;
using CmkAudit.Model.Resources;

namespace CmkAudit.Rules;

public sealed class VaultTrustedServicesBypass : VaultRule
{
    public override RuleDescriptor Descriptor { get; } = new(
        "CMK2003",
        nameof(VaultTrustedServicesBypass),
        "A firewalled CMK vault lets trusted Azure services through",
        SubjectKind.Vault,
        Severity.High,
        "When the key vault is behind a firewall or a private endpoint, Microsoft requires the network settings to allow trusted Azure services; otherwise the registry cannot reach its key.",
        "Run `az keyvault update --bypass AzureServices`.",
        [Compliance.McsbNs2, Compliance.McsbDp8, Compliance.PolicyFirewall],
        new Uri("https://learn.microsoft.com/azure/key-vault/general/overview-vnet-service-endpoints"))
    {
        Fix = new(FixPhase.VaultSettings),
    };

    protected override Verdict Evaluate(Vault vault, IReadOnlyList<CmkChain> chains, RuleContext context)
    {
        var evidence = new[]
        {
            Of(vault, "properties.networkAcls.defaultAction", vault.NetworkAcls?.DefaultAction),
            Of(vault, "properties.publicNetworkAccess", vault.PublicNetworkAccess),
            Of(vault, "properties.networkAcls.bypass", vault.NetworkAcls?.Bypass),
        };
        if (!vault.IsFirewalled)
        {
            return Verdict.NotApplicable($"{vault.Header.Name} is not behind a firewall (no default Deny, public access not disabled).", evidence);
        }
        return string.Equals(vault.NetworkAcls?.Bypass, "AzureServices", StringComparison.OrdinalIgnoreCase)
            ? Verdict.Pass($"{vault.Header.Name} is behind a firewall and lets trusted Azure services through.", evidence)
            : Verdict.Fail($"{vault.Header.Name} is behind a firewall without the trusted-services bypass (bypass is '{vault.NetworkAcls?.Bypass ?? "absent"}'): {Registries(chains)} cannot reach the key.", evidence).With(FixFacts.Vault(vault, chains));
    }
}
