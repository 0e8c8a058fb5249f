using CmkAudit.Engine;
using CmkAudit.Model.Graph;

namespace CmkAudit.Rules;

public sealed class EncryptionIdentityKeyAccess : RegistryRule
{
    public override RuleDescriptor Descriptor { get; } = new(
        "CMK4001",
        nameof(EncryptionIdentityKeyAccess),
        "The encryption identity holds get, wrapKey and unwrapKey on the key",
        SubjectKind.Registry,
        Severity.Critical,
        "The registry's encryption identity needs get, wrapKey and unwrapKey on the key under the vault's permission model: an access-policy entry for its object id on an access-policy vault, or a role such as Key Vault Crypto Service Encryption User on an RBAC vault. Without them the registry cannot reach its data.",
        "Access policies: `az keyvault set-policy --object-id <principalId> --key-permissions get unwrapKey wrapKey`. RBAC: `az role assignment create --role \"Key Vault Crypto Service Encryption User\" --assignee-object-id <principalId> --assignee-principal-type ServicePrincipal --scope <key id>`.",
        [Compliance.McsbDp5, Compliance.McsbDp8, Compliance.Cis836],
        new Uri("https://learn.microsoft.com/azure/container-registry/tutorial-enable-customer-managed-keys"))
    {
        Fix = new(FixPhase.GrantAccess),
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
        var vault = chain.Vault!;
        var model = KeyAccessPreconditions.ModelName(access!);
        var evidence = access!.EffectiveGrants.Select(g => new Evidence(g.Source, "grant", g.Description))
            .Append(new Evidence(vault.Id, "properties.enableRbacAuthorization", Evidence.Format(vault.EnableRbacAuthorization)))
            .ToArray();
        if (access.IsSufficient)
        {
            var conditional = access.EffectiveGrants.Any(g => g.Condition is not null) ? " Some role assignments carry an ABAC condition; check that it admits wrap and unwrap." : "";
            return Verdict.Pass($"Identity {access.PrincipalId} holds get, wrapKey and unwrapKey on the key under {model}.{conditional}", evidence);
        }
        var missing = new[] { (access.Get, "get"), (access.Wrap, "wrapKey"), (access.Unwrap, "unwrapKey") }.Where(p => !p.Item1).Select(p => p.Item2);
        var message = $"Identity {access.PrincipalId} lacks {string.Join(", ", missing)} on the key under {model}, the vault's permission model.";
        if (access.IgnoredGrants.Count > 0)
        {
            message += $" It holds grants in the model the vault ignores ({string.Join("; ", access.IgnoredGrants.Select(g => g.Description))}).";
        }
        if (access.Notes.Count > 0)
        {
            message += $" Note: {string.Join("; ", access.Notes)}.";
        }
        if (access.Undetermined.Count > 0)
        {
            return Verdict.Unknown($"{message} Not decided: {string.Join("; ", access.Undetermined)}.", evidence);
        }
        return Verdict.Fail(message, evidence).With(FixFacts.Registry(chain));
    }
}
