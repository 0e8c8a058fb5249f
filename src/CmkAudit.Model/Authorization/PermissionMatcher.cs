using CmkAudit.Model.Resources;

namespace CmkAudit.Model.Authorization;

/// <summary>
/// Azure RBAC action matching: an action is granted by a permission block when one of its allow patterns matches
/// it (see <see cref="Wildcard"/>) and none of its deny patterns does.
/// </summary>
public static class PermissionMatcher
{
    public static bool GrantsDataAction(RoleDefinition role, string dataAction) =>
        role.Permissions.Any(p => p.DataActions.Any(d => Wildcard.Matches(d, dataAction)) && !p.NotDataActions.Any(d => Wildcard.Matches(d, dataAction)));

    public static bool GrantsAction(RoleDefinition role, string action) =>
        role.Permissions.Any(p => p.Actions.Any(d => Wildcard.Matches(d, action)) && !p.NotActions.Any(d => Wildcard.Matches(d, action)));
}
