using System.Xml;
using CmkAudit.Engine;
using CmkAudit.Model.Resources;

namespace CmkAudit.Rules;

public sealed class KeyExpiry : KeyRule
{
    public override RuleDescriptor Descriptor { get; } = new(
        "CMK3003",
        nameof(KeyExpiry),
        "The CMK key has an expiry date that is not near, or is renewed before it",
        SubjectKind.Key,
        Severity.High,
        "Keys should carry an expiration date (CIS 8.3.1/8.3.2); an expired key stops the registry from reading its data. A key expiring within the warning window is acceptable only when its rotation policy creates a new version first and every registry using it follows new versions.",
        "Add a rotation policy that rotates before expiry (`az keyvault key rotation-policy update`), use a versionless key identifier on the registry, or rotate the key now.",
        [Compliance.McsbDp6, Compliance.Cis831, Compliance.Cis832, Compliance.PolicyKeyExpiry],
        new Uri("https://learn.microsoft.com/azure/key-vault/keys/how-to-configure-key-rotation"))
    {
        Fix = new(FixPhase.KeySettings),
    };

    protected override Verdict Evaluate(KeyUse use, VaultKey key, RuleContext context)
    {
        if (key.Attributes is not { } attributes)
        {
            return Verdict.Unknown("The key document has no properties.attributes.");
        }
        var expiresEvidence = Of(key, "properties.attributes.exp", Time(attributes.Expires) is { } e ? Date(e) : null);
        if (Time(attributes.Expires) is not { } expires)
        {
            return Verdict.Fail("The key has no expiration date.", expiresEvidence).With(FixFacts.Key(use), ("rotate_now", "false"));
        }
        if (expires <= context.Now)
        {
            return Verdict.Fail($"The key expired on {Date(expires)}.", expiresEvidence).With(FixFacts.Key(use), ("rotate_now", "true"));
        }
        var window = TimeSpan.FromDays(context.Configuration.ExpiryWarningDays);
        var days = (int)Math.Floor((expires - context.Now).TotalDays);
        if (expires - context.Now > window)
        {
            return Verdict.Pass($"The key expires on {Date(expires)}, in {days} days.", expiresEvidence);
        }
        var rotation = NextRotation(key);
        var rotationEvidence = Of(key, "properties.rotationPolicy.lifetimeActions", rotation is null ? "no rotate action" : $"rotates at {Date(rotation.Value)}");
        if (rotation is { } at && at > context.Now && at < expires && use.AllRegistriesAutoRotate)
        {
            return Verdict.Pass($"The key expires on {Date(expires)}, but its rotation policy creates a new version on {Date(at)} and every registry using it follows new versions.", expiresEvidence, rotationEvidence);
        }
        return Verdict.Fail($"The key expires on {Date(expires)}, in {days} days (warning window {context.Configuration.ExpiryWarningDays} days), and no automatic rotation renews it first for every registry using it.", expiresEvidence, rotationEvidence)
            .With(FixFacts.Key(use), ("rotate_now", "true"));
    }

    /// <summary>When the rotation policy next creates a version: the earliest rotate trigger, after creation or before expiry.</summary>
    private static DateTimeOffset? NextRotation(VaultKey key)
    {
        var created = Time(key.Attributes?.Created);
        var expires = Time(key.Attributes?.Expires);
        var times = new List<DateTimeOffset>();
        foreach (var action in key.RotationPolicy?.LifetimeActions ?? [])
        {
            if (!action.ActionType.Equals("rotate", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            if (created is { } c && Duration(action.TimeAfterCreate) is { } afterCreate)
            {
                times.Add(c + afterCreate);
            }
            if (expires is { } x && Duration(action.TimeBeforeExpiry) is { } beforeExpiry)
            {
                times.Add(x - beforeExpiry);
            }
        }
        return times.Count == 0 ? null : times.Min();
    }

    /// <summary>ISO 8601 durations as Key Vault writes them ("P90D", "P18M"); months and years are approximate.</summary>
    private static TimeSpan? Duration(string? iso)
    {
        if (string.IsNullOrWhiteSpace(iso))
        {
            return null;
        }
        try
        {
            return XmlConvert.ToTimeSpan(iso.Trim());
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
