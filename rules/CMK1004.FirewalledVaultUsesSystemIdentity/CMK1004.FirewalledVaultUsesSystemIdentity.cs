using CmkAudit.Engine;
using CmkAudit.Model.Graph;

namespace CmkAudit.Rules;

public sealed class FirewalledVaultUsesSystemIdentity : RegistryRule
{
    public override RuleDescriptor Descriptor { get; } = new(
        "CMK1004",
        nameof(FirewalledVaultUsesSystemIdentity),
        "A registry whose key vault is behind a firewall encrypts with its system-assigned identity",
        SubjectKind.Registry,
        Severity.Medium,
        "Microsoft documents that a registry can bypass the Key Vault firewall as a trusted service only when it uses its system-assigned identity; with a user-assigned identity, key rotation and image import can fail with HTTP 403.",
        "Enable the registry's system identity, grant it get/wrapKey/unwrapKey on the key, then `az acr encryption rotate-key --identity [system]`.",
        [Compliance.McsbDp5, Compliance.McsbNs2],
        new Uri("https://learn.microsoft.com/azure/container-registry/tutorial-troubleshoot-customer-managed-keys"))
    {
        Fix = new(FixPhase.Rotate),
    };

    protected override Verdict Evaluate(CmkChain chain, RuleContext context)
    {
        if (RequireCmk(chain) is { } notCmk)
        {
            return notCmk;
        }
        if (chain.Vault is not { } vault)
        {
            return Verdict.Unknown($"The key vault of {chain.Registry.Encryption!.KeyIdentifier} is not in the input, so its firewall is not known.");
        }
        var evidence = new[]
        {
            new Evidence(vault.Id, "properties.networkAcls.defaultAction", vault.NetworkAcls?.DefaultAction),
            new Evidence(vault.Id, "properties.publicNetworkAccess", vault.PublicNetworkAccess),
            Of(chain, "properties.encryption.keyVaultProperties.identity", chain.Registry.Encryption!.IdentityClientId),
        };
        if (!vault.IsFirewalled)
        {
            return Verdict.NotApplicable($"The key vault {vault.Header.Name} is not behind a firewall.", evidence);
        }
        return chain.Identity!.Kind == IdentityKind.SystemAssigned
            ? Verdict.Pass($"The key vault {vault.Header.Name} is behind a firewall and the registry encrypts with its system-assigned identity.", evidence)
            : Verdict.Fail($"The key vault {vault.Header.Name} is behind a firewall, but the registry encrypts with the user-assigned identity {chain.Identity.ResourceId ?? chain.Identity.ClientId}; only the system-assigned identity can bypass the firewall as a trusted service.", evidence)
                .With(FixFacts.Registry(chain));
    }
}
