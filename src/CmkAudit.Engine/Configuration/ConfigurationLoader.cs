using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CmkAudit.Engine;

/// <summary>A configuration file that cannot be used; the message names the file, line and key.</summary>
public sealed class ConfigurationException(string message) : Exception(message);

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
    public static ScanConfiguration Load(string path, IReadOnlyCollection<string> knownRuleIds)
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

    public static ScanConfiguration Parse(string text, string path, IReadOnlyCollection<string> knownRuleIds)
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
            return ScanConfiguration.Default;
        }
        var reader = new Reader(path);
        var root = reader.Mapping(stream.Documents[0].RootNode, "the file");
        var configuration = ScanConfiguration.Default;
        foreach (var (keyNode, value) in root.Children)
        {
            var key = reader.Key(keyNode);
            configuration = key switch
            {
                "cmkScope" => configuration with { CmkScope = ReadScope(reader, value) },
                "thresholds" => ReadThresholds(reader, value, configuration),
                "severityOverrides" => configuration with { SeverityOverrides = ReadOverrides(reader, value, knownRuleIds) },
                _ => throw reader.Error(keyNode, $"unknown key '{key}'; expected cmkScope, thresholds or severityOverrides"),
            };
        }
        return configuration;
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
