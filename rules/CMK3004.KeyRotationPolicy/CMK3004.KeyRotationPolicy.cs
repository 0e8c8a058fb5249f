using CmkAudit.Engine;
using CmkAudit.Model.Resources;

namespace CmkAudit.Rules;

public sealed class KeyRotationPolicy : KeyRule
{
    public override RuleDescriptor Descriptor { get; } = new(
        "CMK3004",
        nameof(KeyRotationPolicy),
        "The CMK key rotates automatically and its current version is not too old",
        SubjectKind.Key,
        Severity.Medium,
        "A rotation policy with a rotate action creates new key versions on schedule (CIS 8.3.9); a current version older than the maximum key age (default 365 days) shows that rotation is not happening.",
        "Set a rotation policy with a Rotate lifetime action (`az keyvault key rotation-policy update --value policy.json`), and rotate the key now if its current version is too old.",
        [Compliance.McsbDp6, Compliance.Cis839, Compliance.PolicyKeyRotation],
        new Uri("https://learn.microsoft.com/azure/key-vault/keys/how-to-configure-key-rotation"))
    {
        Fix = new(FixPhase.KeySettings),
    };

    protected override Verdict Evaluate(KeyUse use, VaultKey key, RuleContext context)
    {
        var policy = key.RotationPolicy;
        if (policy is null)
        {
            return key.IsFullDocument
                ? Verdict.Fail("The key has no rotation policy.", Of(key, "properties.rotationPolicy", null)).With(FixFacts.Key(use), ("rotate_now", "false"))
                : Verdict.Unknown("The key document is a key list entry (no kty), which does not carry the rotation policy.");
        }
        var actions = string.Join(", ", policy.LifetimeActions.Select(a => a.ActionType));
        var policyEvidence = Of(key, "properties.rotationPolicy.lifetimeActions", actions.Length == 0 ? "none" : actions);
        if (!policy.LifetimeActions.Any(a => a.ActionType.Equals("rotate", StringComparison.OrdinalIgnoreCase)))
        {
            return Verdict.Fail("The key's rotation policy has no rotate action; it only notifies.", policyEvidence).With(FixFacts.Key(use), ("rotate_now", "false"));
        }
        var currentVersion = key.CurrentVersion;
        var created = use.Versions.FirstOrDefault(v => string.Equals(v.Version, currentVersion, StringComparison.OrdinalIgnoreCase))?.Attributes?.Created
            ?? key.Attributes?.Created;
        if (Time(created) is not { } createdAt)
        {
            return Verdict.Unknown("The key has a rotate action, but the creation time of its current version is not in the input.", policyEvidence);
        }
        var age = (int)Math.Floor((context.Now - createdAt).TotalDays);
        var ageEvidence = Of(key, "properties.attributes.created", Date(createdAt));
        return age > context.Configuration.MaximumKeyAgeDays
            ? Verdict.Fail($"The key has a rotate action, but its current version was created {age} days ago, more than the maximum of {context.Configuration.MaximumKeyAgeDays}.", policyEvidence, ageEvidence).With(FixFacts.Key(use), ("rotate_now", "true"))
            : Verdict.Pass($"The key rotates automatically; its current version is {age} days old.", policyEvidence, ageEvidence);
    }
}
