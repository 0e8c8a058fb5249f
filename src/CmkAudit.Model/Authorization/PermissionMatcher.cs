using CmkAudit.Model.Resources;

namespace CmkAudit.Model.Authorization;

/// <summary>
/// Azure RBAC action matching: '*' matches any run of characters, comparison ignores case, and an action
/// is granted by a permission block when one of its allow patterns matches and none of its deny patterns does.
/// </summary>
public static class PermissionMatcher
{
    public static bool Matches(string pattern, string action)
    {
        var p = pattern.AsSpan();
        var a = action.AsSpan();
        int pi = 0, ai = 0, star = -1, mark = 0;
        while (ai < a.Length)
        {
            if (pi < p.Length && p[pi] == '*')
            {
                star = pi++;
                mark = ai;
            }
            else if (pi < p.Length && char.ToLowerInvariant(p[pi]) == char.ToLowerInvariant(a[ai]))
            {
                pi++;
                ai++;
            }
            else if (star >= 0)
            {
                pi = star + 1;
                ai = ++mark;
            }
            else
            {
                return false;
            }
        }
        while (pi < p.Length && p[pi] == '*')
        {
            pi++;
        }
        return pi == p.Length;
    }

    public static bool GrantsDataAction(RoleDefinition role, string dataAction) =>
        role.Permissions.Any(p => p.DataActions.Any(d => Matches(d, dataAction)) && !p.NotDataActions.Any(d => Matches(d, dataAction)));

    public static bool GrantsAction(RoleDefinition role, string action) =>
        role.Permissions.Any(p => p.Actions.Any(d => Matches(d, action)) && !p.NotActions.Any(d => Matches(d, action)));
}
