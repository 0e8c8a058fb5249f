using System.Globalization;
using CmkAudit.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CmkAudit.Engine;

/// <summary>
/// An accepted risk: results of these rules on resources matching the pattern ('*' matches anything, case ignored)
/// are suppressed until <see cref="Expires"/> (inclusive), with a justification and an owner.
/// </summary>
public sealed record Suppression(IReadOnlyList<string> RuleIds, string ResourcePattern, string Justification, string Owner, DateOnly Expires, string Source)
{
    public bool IsExpired(DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime) > Expires;

    public bool Matches(RuleResult result) =>
        RuleIds.Contains(result.RuleId, StringComparer.OrdinalIgnoreCase) && Wildcard.Matches(ResourcePattern, result.ResourceId);
}

public enum SuppressionStatus
{
    /// <summary>In force and used.</summary>
    Active,

    /// <summary>Past its expiry date: it suppresses nothing and is itself reported.</summary>
    Expired,

    /// <summary>In force, but no failing result matched it.</summary>
    Unused,
}

/// <summary>One line of the suppression register: an entry, its status, and how many results it suppressed.</summary>
public sealed record SuppressionUse(Suppression Entry, SuppressionStatus Status, int Suppressed);

public static class Suppressions
{
    /// <summary>Reads a suppressions file; entries without justification, owner or expiry are errors naming file and line.</summary>
    /// <example>
    /// suppressions:
    ///   - rules: [CMK1005]
    ///     resources: /subscriptions/*/resourceGroups/rg-legacy/*
    ///     justification: Content trust is retired with the registry in Q1.
    ///     owner: platform-team@contoso.com
    ///     expires: 2027-03-31
    /// </example>
    public static IReadOnlyList<Suppression> Load(string path, IReadOnlyCollection<string> knownRuleIds)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(File.ReadAllText(path)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"{path}: cannot be read: {e.Message}");
        }
        catch (YamlException e)
        {
            throw new ConfigurationException($"{path}({e.Start.Line},{e.Start.Column}): not valid YAML: {e.Message}");
        }
        ConfigurationException Error(YamlNode node, string message) => new($"{path}({node.Start.Line},{node.Start.Column}): {message}");
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("suppressions"), out var list) || list is not YamlSequenceNode entries)
        {
            throw new ConfigurationException($"{path}: expected a top-level 'suppressions:' list.");
        }
        var result = new List<Suppression>();
        foreach (var node in entries)
        {
            if (node is not YamlMappingNode entry)
            {
                throw Error(node, "each suppression must be a mapping with rules, resources, justification, owner and expires");
            }
            string? Scalar(string key) =>
                entry.Children.TryGetValue(new YamlScalarNode(key), out var value) ? (value as YamlScalarNode)?.Value ?? throw Error(value, $"'{key}' must be a single value") : null;
            foreach (var key in entry.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value))
            {
                if (key is not ("rules" or "resources" or "justification" or "owner" or "expires"))
                {
                    throw Error(entry, $"unknown key '{key}'; expected rules, resources, justification, owner, expires");
                }
            }
            var rules = entry.Children.TryGetValue(new YamlScalarNode("rules"), out var rulesNode) && rulesNode is YamlSequenceNode ruleList
                ? ruleList.OfType<YamlScalarNode>().Select(r => r.Value ?? "").ToList()
                : throw Error(entry, "'rules' must list rule ids, e.g. [CMK1005]");
            if (rules.FirstOrDefault(r => !knownRuleIds.Contains(r, StringComparer.OrdinalIgnoreCase)) is { } unknown)
            {
                throw Error(rulesNode, $"'{unknown}' is not a rule id");
            }
            var justification = Scalar("justification");
            var owner = Scalar("owner");
            var expires = Scalar("expires");
            if (string.IsNullOrWhiteSpace(justification) || string.IsNullOrWhiteSpace(owner) || string.IsNullOrWhiteSpace(expires))
            {
                throw Error(entry, "a suppression needs a justification, an owner and an expires date: an exception nobody owns or reviews is not governed");
            }
            if (!DateOnly.TryParseExact(expires, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                throw Error(entry, $"expires '{expires}' is not a date like 2027-03-31");
            }
            result.Add(new Suppression(rules, Scalar("resources") ?? "*", justification, owner, date, $"{path}:{entry.Start.Line}"));
        }
        return result;
    }

    /// <summary>
    /// Suppresses the fail, error and unknown results that an unexpired entry matches, and returns the register:
    /// every entry with its status, expired ones included.
    /// </summary>
    public static (IReadOnlyList<RuleResult> Results, IReadOnlyList<SuppressionUse> Register) Apply(IReadOnlyList<RuleResult> results, IReadOnlyList<Suppression> suppressions, DateTimeOffset now)
    {
        var counts = suppressions.ToDictionary<Suppression, Suppression, int>(s => s, _ => 0, ReferenceEqualityComparer.Instance);
        var applied = results.Select(result =>
        {
            if (result.Outcome is not (Outcome.Fail or Outcome.Error or Outcome.Unknown)
                || suppressions.FirstOrDefault(s => !s.IsExpired(now) && s.Matches(result)) is not { } entry)
            {
                return result;
            }
            counts[entry]++;
            return result with
            {
                Outcome = Outcome.Suppressed,
                SuppressedBy = entry,
                Message = $"Suppressed until {entry.Expires:yyyy-MM-dd} (owner {entry.Owner}): {entry.Justification} Finding: {result.Message}",
            };
        }).ToList();
        var register = suppressions
            .Select(s => new SuppressionUse(s, s.IsExpired(now) ? SuppressionStatus.Expired : counts[s] > 0 ? SuppressionStatus.Active : SuppressionStatus.Unused, counts[s]))
            .ToList();
        return (applied, register);
    }
}
