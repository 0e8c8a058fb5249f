using CmkAudit.Engine;
using CmkAudit.Model.Graph;
using CmkAudit.Model.Resources;

namespace CmkAudit.Rules;

public sealed class GrantInIgnoredPermissionModel : VaultRule
{
    public override RuleDescriptor Descriptor { get; } = new(
        "CMK4002",
        nameof(GrantInIgnoredPermissionModel),
        "No CMK identity is granted only in the permission model the vault ignores",
        SubjectKind.Vault,
        Severity.High,
        "A vault uses either access policies or Azure RBAC, never both: when enableRbacAuthorization is true access policies are ignored, and when it is false data-plane roles are. A CMK identity granted only in the ignored model looks configured but has no access.",
        "Grant the identity in the vault's model (a Key Vault Crypto Service Encryption User role assignment on RBAC vaults, an access policy with get/wrapKey/unwrapKey otherwise), then remove the ignored grant.",
        [Compliance.McsbDp8, Compliance.Cis836],
        new Uri("https://learn.microsoft.com/azure/key-vault/general/rbac-guide"))
    {
        Fix = new(FixPhase.GrantAccess),
    };

    protected override Verdict Evaluate(Vault vault, IReadOnlyList<CmkChain> chains, RuleContext context)
    {
        if (vault.IsManagedHsm)
        {
            return Verdict.NotApplicable($"{vault.Header.Name} is a managed HSM, which has only local RBAC.");
        }
        var evidence = new List<Evidence> { Of(vault, "properties.enableRbacAuthorization", vault.EnableRbacAuthorization) };
        var misplaced = new List<string>();
        var fixes = new List<object>();
        var undecided = new List<string>();
        foreach (var chain in chains)
        {
            var (access, blocked) = KeyAccessPreconditions.Resolve(chain, context);
            if (access is null || blocked is not null)
            {
                undecided.Add($"{chain.Registry.Header.Name}: {blocked?.Message}");
                continue;
            }
            if (!access.IsSufficient && access.IgnoredGrants.Any(g => g.GrantsAnyKeyPermission))
            {
                misplaced.Add($"{access.PrincipalId} (used by {chain.Registry.Header.Name}) through {string.Join("; ", access.IgnoredGrants.Select(g => g.Description))}");
                evidence.AddRange(access.IgnoredGrants.Select(g => new Evidence(g.Source, "grant", g.Description)));
                var fix = FixFacts.Registry(chain);
                fix["ignored_grants"] = access.IgnoredGrants.Select(g => (object)FixFacts.Grant(vault, g, access.PrincipalId)).ToList();
                fixes.Add(fix);
            }
        }
        var model = vault.UsesRbac ? "access policies (the vault uses Azure RBAC)" : "Azure RBAC roles (the vault uses access policies)";
        if (misplaced.Count > 0)
        {
            return Verdict.Fail($"CMK identities are granted only in {model}, which {vault.Header.Name} ignores: {string.Join(", ", misplaced.Distinct())}.", [.. evidence])
                .With(FixFacts.Vault(vault, chains), ("misplaced", fixes));
        }
        if (undecided.Count > 0)
        {
            return Verdict.Unknown($"Not every CMK identity on {vault.Header.Name} could be checked: {string.Join(" ", undecided)}", [.. evidence]);
        }
        return Verdict.Pass($"Every CMK identity on {vault.Header.Name} is granted in the model the vault uses, or not at all in the other one.", [.. evidence]);
    }
}
