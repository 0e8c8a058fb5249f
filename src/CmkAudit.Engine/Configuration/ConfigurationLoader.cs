using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CmkAudit.Engine;

/// <summary>A configuration file that cannot be used; the message names the file, line and key.</summary>
public sealed class ConfigurationException(string message) : Exception(message);

/// <summary>
/// How a scan is run, from the configuration file: what to read or collect, and where the reports go. Every value
/// is optional; command-line options win over it. Paths are resolved against the file's folder.
/// </summary>
public sealed record RunSettings
{
    public IReadOnlyList<string> Inputs { get; init; } = [];
    public IReadOnlyList<string> Subscriptions { get; init; } = [];
    public IReadOnlyList<string> ManagementGroups { get; init; } = [];
    public string? Cloud { get; init; }
    public string? Auth { get; init; }
    public string? ArmEndpoint { get; init; }
    public string? Output { get; init; }
    public IReadOnlyList<string> Formats { get; init; } = [];
    public string? FailOn { get; init; }
    public string? Suppressions { get; init; }
    public string? Baseline { get; init; }
    public bool? MaskIds { get; init; }
}

/// <summary>A configuration file: the rule settings and the run settings.</summary>
public sealed record ConfigurationFile(ScanConfiguration Scan, RunSettings Run)
{
    public static ConfigurationFile Empty { get; } = new(ScanConfiguration.Default, new RunSettings());
}

/// <summary>
/// Reads a configuration file (YAML, or JSON, which is YAML too). Unknown keys and wrong types are errors,
/// because a silently ignored typo in an audit's configuration changes its verdicts.
/// </summary>
/// <example>
/// cmkScope: { mode: tag, tag: data-classification, value: confidential }
/// thresholds: { minimumRsaKeySize: 3072, expiryWarningDays: 30, maximumKeyAgeDays: 365 }
/// severityOverrides: { CMK1005: low }
/// </example>
public static class ConfigurationLoader
{
    /// <summary>The keys a configuration file may hold at its top level (the JSON schema in schemas/ lists the same).</summary>
    public static readonly IReadOnlyList<string> TopLevelKeys =
        ["inputs", "scope", "cloud", "auth", "armEndpoint", "output", "formats", "failOn", "suppressions", "baseline", "maskIds", "cmkScope", "thresholds", "severityOverrides", "disabledRules"];

    public static ConfigurationFile Load(string path, IReadOnlyCollection<string> knownRuleIds)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"{path}: cannot be read: {e.Message}");
        }
        return Parse(text, path, knownRuleIds);
    }

    public static ConfigurationFile Parse(string text, string path, IReadOnlyCollection<string> knownRuleIds)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new ConfigurationException($"{path}({e.Start.Line},{e.Start.Column}): not valid YAML or JSON: {e.Message}");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return ConfigurationFile.Empty;
        }
        var reader = new Reader(path);
        var root = reader.Mapping(stream.Documents[0].RootNode, "the file");
        var configuration = ScanConfiguration.Default;
        var run = new RunSettings();
        var folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        string Resolve(string relative) => Path.GetFullPath(Path.Combine(folder, relative));
        foreach (var (keyNode, value) in root.Children)
        {
            var key = reader.Key(keyNode);
            switch (key)
            {
                case "cmkScope": configuration = configuration with { CmkScope = ReadScope(reader, value) }; break;
                case "thresholds": configuration = ReadThresholds(reader, value, configuration); break;
                case "severityOverrides": configuration = configuration with { SeverityOverrides = ReadOverrides(reader, value, knownRuleIds) }; break;
                case "disabledRules":
                    var disabled = reader.Strings(value, key);
                    if (disabled.FirstOrDefault(id => !knownRuleIds.Contains(id, StringComparer.OrdinalIgnoreCase)) is { } unknownRule)
                    {
                        throw reader.Error(value, $"disabledRules names '{unknownRule}', which is not a rule id");
                    }
                    configuration = configuration with { DisabledRules = disabled.Select(d => d.ToUpperInvariant()).ToHashSet(StringComparer.OrdinalIgnoreCase) };
                    break;
                case "inputs": run = run with { Inputs = [.. reader.Strings(value, key).Select(Resolve)] }; break;
                case "scope":
                    foreach (var (scopeKeyNode, scopeValue) in reader.Mapping(value, "scope").Children)
                    {
                        run = reader.Key(scopeKeyNode) switch
                        {
                            "subscriptions" => run with { Subscriptions = reader.Strings(scopeValue, "scope.subscriptions") },
                            "managementGroups" => run with { ManagementGroups = reader.Strings(scopeValue, "scope.managementGroups") },
                            var other => throw reader.Error(scopeKeyNode, $"unknown key 'scope.{other}'; expected subscriptions or managementGroups"),
                        };
                    }
                    break;
                case "cloud": run = run with { Cloud = reader.Scalar(value, key) }; break;
                case "auth": run = run with { Auth = reader.Scalar(value, key) }; break;
                case "armEndpoint": run = run with { ArmEndpoint = reader.Scalar(value, key) }; break;
                case "output": run = run with { Output = Resolve(reader.Scalar(value, key)) }; break;
                case "formats": run = run with { Formats = reader.Strings(value, key) }; break;
                case "failOn": run = run with { FailOn = reader.Scalar(value, key) }; break;
                case "suppressions": run = run with { Suppressions = Resolve(reader.Scalar(value, key)) }; break;
                case "baseline": run = run with { Baseline = Resolve(reader.Scalar(value, key)) }; break;
                case "maskIds": run = run with { MaskIds = reader.Boolean(value, key) }; break;
                default: throw reader.Error(keyNode, $"unknown key '{key}'; expected one of {string.Join(", ", TopLevelKeys)}");
            }
        }
        return new ConfigurationFile(configuration, run);
    }

    private static CmkScope ReadScope(Reader reader, YamlNode node)
    {
        string? mode = null, tag = null, value = null;
        foreach (var (keyNode, child) in reader.Mapping(node, "cmkScope").Children)
        {
            var key = reader.Key(keyNode);
            switch (key)
            {
                case "mode": mode = reader.Scalar(child, "cmkScope.mode"); break;
                case "tag": tag = reader.Scalar(child, "cmkScope.tag"); break;
                case "value": value = reader.Scalar(child, "cmkScope.value"); break;
                default: throw reader.Error(keyNode, $"unknown key 'cmkScope.{key}'; expected mode, tag or value");
            }
        }
        return (mode ?? (tag is null ? "all" : "tag")).ToLowerInvariant() switch
        {
            "all" => CmkScope.All,
            "none" => new CmkScope(CmkScopeMode.None),
            "tag" when tag is not null => new CmkScope(CmkScopeMode.Tag, tag, value),
            "tag" => throw reader.Error(node, "cmkScope.mode 'tag' needs cmkScope.tag, the tag name"),
            _ => throw reader.Error(node, $"cmkScope.mode '{mode}' is not one of all, tag, none"),
        };
    }

    private static ScanConfiguration ReadThresholds(Reader reader, YamlNode node, ScanConfiguration configuration)
    {
        foreach (var (keyNode, child) in reader.Mapping(node, "thresholds").Children)
        {
            var key = reader.Key(keyNode);
            configuration = key switch
            {
                "minimumRsaKeySize" => configuration with { MinimumRsaKeySize = reader.Integer(child, "thresholds.minimumRsaKeySize", 1024, 16384) },
                "expiryWarningDays" => configuration with { ExpiryWarningDays = reader.Integer(child, "thresholds.expiryWarningDays", 0, 3650) },
                "maximumKeyAgeDays" => configuration with { MaximumKeyAgeDays = reader.Integer(child, "thresholds.maximumKeyAgeDays", 1, 36500) },
                _ => throw reader.Error(keyNode, $"unknown key 'thresholds.{key}'; expected minimumRsaKeySize, expiryWarningDays or maximumKeyAgeDays"),
            };
        }
        return configuration;
    }

    private static Dictionary<string, Severity> ReadOverrides(Reader reader, YamlNode node, IReadOnlyCollection<string> knownRuleIds)
    {
        var overrides = new Dictionary<string, Severity>(StringComparer.OrdinalIgnoreCase);
        foreach (var (keyNode, child) in reader.Mapping(node, "severityOverrides").Children)
        {
            var ruleId = reader.Key(keyNode);
            if (!knownRuleIds.Contains(ruleId, StringComparer.OrdinalIgnoreCase))
            {
                throw reader.Error(keyNode, $"severityOverrides names '{ruleId}', which is not a rule id (see `cmkaudit rules`)");
            }
            var text = reader.Scalar(child, $"severityOverrides.{ruleId}");
            if (!OutcomeNames.TryParseSeverity(text, out var severity))
            {
                throw reader.Error(child, $"severityOverrides.{ruleId} '{text}' is not one of low, medium, high, critical");
            }
            overrides[ruleId.ToUpperInvariant()] = severity;
        }
        return overrides;
    }

    private sealed class Reader(string path)
    {
        public ConfigurationException Error(YamlNode node, string message) =>
            new($"{path}({node.Start.Line},{node.Start.Column}): {message}");

        public YamlMappingNode Mapping(YamlNode node, string what) =>
            node as YamlMappingNode ?? throw Error(node, $"{what} must be a mapping of keys to values");

        public string Key(YamlNode node) =>
            node is YamlScalarNode { Value: { } value } ? value : throw Error(node, "a key must be a plain name");

        public string Scalar(YamlNode node, string key) =>
            node is YamlScalarNode { Value: { } value } ? value : throw Error(node, $"{key} must be a single value");

        public IReadOnlyList<string> Strings(YamlNode node, string key) =>
            node is YamlSequenceNode list
                ? [.. list.Select(item => Scalar(item, key + "[]"))]
                : throw Error(node, $"{key} must be a list, e.g. [a, b]");

        public bool Boolean(YamlNode node, string key)
        {
            var text = Scalar(node, key);
            return bool.TryParse(text, out var value) ? value : throw Error(node, $"{key} '{text}' must be true or false");
        }

        public int Integer(YamlNode node, string key, int min, int max)
        {
            var text = Scalar(node, key);
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            {
                throw Error(node, $"{key} '{text}' must be a whole number from {min} to {max}");
            }
            return value;
        }
    }
}
