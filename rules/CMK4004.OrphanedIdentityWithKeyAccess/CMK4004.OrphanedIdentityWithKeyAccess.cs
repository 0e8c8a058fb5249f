using CmkAudit.Engine;
using CmkAudit.Model.Resources;

namespace CmkAudit.Rules;

public sealed class OrphanedIdentityWithKeyAccess : IdentityRule
{
    public override RuleDescriptor Descriptor { get; } = new(
        "CMK4004",
        nameof(OrphanedIdentityWithKeyAccess),
        "No unattached user-assigned identity holds key permissions on a CMK vault",
        SubjectKind.Identity,
        Severity.Medium,
        "A user-assigned identity that no resource uses any more but that still holds key permissions on a vault used for CMK is standing access nobody needs: whoever can act as it can wrap and unwrap the registry's key.",
        "Remove the identity's access policy or role assignment on the vault, then delete the identity if nothing needs it (`az identity delete`).",
        [Compliance.McsbPa7, Compliance.McsbDp8],
        new Uri("https://learn.microsoft.com/azure/key-vault/general/rbac-guide"))
    {
        Fix = new(FixPhase.CleanUp),
    };

    protected override Verdict Evaluate(UserAssignedIdentity identity, RuleContext context)
    {
        if (identity.PrincipalId is not { } principalId)
        {
            return Verdict.Unknown("The identity document has no properties.principalId.");
        }
        var grants = context.Graph.CmkKeyGrantsByPrincipal.GetValueOrDefault(principalId) ?? [];
        if (grants.Count == 0)
        {
            return Verdict.NotApplicable("The identity holds no key permissions on a vault used for CMK.");
        }
        var evidence = grants.Select(x => new Evidence(x.Grant.Source, $"grant on {x.Vault.Header.Name}", x.Grant.Description)).ToArray();
        var holders = context.Graph.HoldersOf(identity.Id);
        var vaults = string.Join(", ", grants.Select(x => x.Vault.Header.Name).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase));
        return holders.Count == 0
            ? Verdict.Fail($"The identity holds key permissions on {vaults} but no resource in the input has it assigned.", evidence)
                .With(new Dictionary<string, object>
                {
                    ["identity_id"] = identity.Id,
                    ["identity_name"] = identity.Header.Name,
                    ["principal_id"] = principalId,
                    ["grants"] = grants.Select(x => (object)FixFacts.Grant(x.Vault, x.Grant, principalId)).ToList(),
                })
            : Verdict.Pass($"The identity holds key permissions on {vaults} and is assigned to {string.Join(", ", holders.Order(StringComparer.OrdinalIgnoreCase))}.", evidence);
    }
}
