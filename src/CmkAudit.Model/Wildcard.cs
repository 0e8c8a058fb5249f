namespace CmkAudit.Model;

/// <summary>Patterns where '*' matches any run of characters, compared ignoring case: RBAC actions, resource id patterns.</summary>
public static class Wildcard
{
    public static bool Matches(string pattern, string text)
    {
        var p = pattern.AsSpan();
        var a = text.AsSpan();
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
}
