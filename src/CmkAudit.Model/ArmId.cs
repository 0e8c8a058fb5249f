namespace CmkAudit.Model;

/// <summary>
/// Helpers for ARM resource ids. Azure compares ids case-insensitively and real documents mix
/// "resourceGroups" with "resourcegroups", so every comparison here ignores case and a trailing slash.
/// </summary>
public static class ArmId
{
    public static readonly StringComparer Comparer = StringComparer.OrdinalIgnoreCase;

    /// <summary>Lower-cases and trims a trailing '/', giving one key per resource for dictionaries.</summary>
    public static string Normalize(string id) => id.Trim().TrimEnd('/').ToLowerInvariant();

    public static bool AreEqual(string? a, string? b) =>
        a is not null && b is not null && string.Equals(a.Trim().TrimEnd('/'), b.Trim().TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    /// <summary>The subscription GUID of an id that starts with /subscriptions/{id}, else null.</summary>
    public static string? SubscriptionOf(string id) => SegmentAfter(id, "subscriptions");

    /// <summary>The resource group name of an id, else null.</summary>
    public static string? ResourceGroupOf(string id) => SegmentAfter(id, "resourceGroups");

    /// <summary>The last segment of an id: the name of the resource, or the GUID of a role definition.</summary>
    public static string LastSegment(string id)
    {
        var trimmed = id.TrimEnd('/');
        var slash = trimmed.LastIndexOf('/');
        return slash < 0 ? trimmed : trimmed[(slash + 1)..];
    }

    /// <summary>
    /// True when <paramref name="scope"/> is <paramref name="resourceId"/> itself or one of its ancestors
    /// (a role assignment at that scope is inherited by the resource). "/" covers everything.
    /// </summary>
    public static bool ScopeCovers(string scope, string resourceId)
    {
        var s = scope.Trim().TrimEnd('/');
        if (s.Length == 0)
        {
            return true;
        }
        var r = resourceId.Trim().TrimEnd('/');
        return r.Equals(s, StringComparison.OrdinalIgnoreCase)
            || (r.Length > s.Length && r[s.Length] == '/' && r.StartsWith(s, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The management group name of a scope like /providers/Microsoft.Management/managementGroups/{name}.</summary>
    public static string? ManagementGroupOf(string scope)
    {
        const string prefix = "/providers/Microsoft.Management/managementGroups/";
        var s = scope.Trim().TrimEnd('/');
        if (!s.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var name = s[prefix.Length..];
        return name.Length == 0 || name.Contains('/') ? null : name;
    }

    private static string? SegmentAfter(string id, string segment)
    {
        var parts = id.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length - 1; i++)
        {
            if (parts[i].Equals(segment, StringComparison.OrdinalIgnoreCase))
            {
                return parts[i + 1];
            }
        }
        return null;
    }
}
