using CmkAudit.Model.Resources;

namespace CmkAudit.Engine.Tests;

public sealed class ConfigurationLoaderTests
{
    private static readonly string[] RuleIds = ["CMK1001", "CMK1005"];

    private static ScanConfiguration Parse(string text) => ConfigurationLoader.Parse(text, "cmkaudit.yaml", RuleIds).Scan;

    [Fact]
    public void A_full_yaml_file_sets_every_knob()
    {
        var configuration = Parse("""
            cmkScope:
              mode: tag
              tag: data-classification
              value: confidential
            thresholds:
              minimumRsaKeySize: 3072
              expiryWarningDays: 45
              maximumKeyAgeDays: 180
            severityOverrides:
              cmk1005: low
            """);

        Assert.Equal(new CmkScope(CmkScopeMode.Tag, "data-classification", "confidential"), configuration.CmkScope);
        Assert.Equal(3072, configuration.MinimumRsaKeySize);
        Assert.Equal(45, configuration.ExpiryWarningDays);
        Assert.Equal(180, configuration.MaximumKeyAgeDays);
        Assert.Equal(Severity.Low, configuration.SeverityOverrides["CMK1005"]);
    }

    [Fact]
    public void Run_settings_are_read_and_paths_resolved_against_the_file()
    {
        var file = ConfigurationLoader.Parse("""
            inputs: [exports/estate]
            scope: { subscriptions: [1111, 2222], managementGroups: [contoso-root] }
            cloud: AzureUSGovernment
            auth: workload-identity
            output: reports/weekly
            formats: [sarif, pdf]
            failOn: critical
            suppressions: cmk-suppressions.yaml
            baseline: reports/last/findings.json
            maskIds: true
            disabledRules: [cmk1005]
            """, "/etc/cmkaudit/cmkaudit.yaml", RuleIds);

        var run = file.Run;
        Assert.Equal(["/etc/cmkaudit/exports/estate"], run.Inputs);
        Assert.Equal(["1111", "2222"], run.Subscriptions);
        Assert.Equal(["contoso-root"], run.ManagementGroups);
        Assert.Equal("AzureUSGovernment", run.Cloud);
        Assert.Equal("workload-identity", run.Auth);
        Assert.Equal("/etc/cmkaudit/reports/weekly", run.Output);
        Assert.Equal(["sarif", "pdf"], run.Formats);
        Assert.Equal("critical", run.FailOn);
        Assert.Equal("/etc/cmkaudit/cmk-suppressions.yaml", run.Suppressions);
        Assert.Equal("/etc/cmkaudit/reports/last/findings.json", run.Baseline);
        Assert.True(run.MaskIds);
        Assert.Contains("CMK1005", file.Scan.DisabledRules);
    }

    [Fact]
    public void The_json_schema_lists_exactly_the_keys_the_loader_accepts()
    {
        using var schema = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(CmkAudit.Tests.RepositoryPaths.Root, "schemas", "cmkaudit.schema.json")));

        var keys = schema.RootElement.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);

        Assert.Equal(ConfigurationLoader.TopLevelKeys.Order(StringComparer.Ordinal), keys);
        Assert.False(schema.RootElement.GetProperty("additionalProperties").GetBoolean());
    }

    [Fact]
    public void Json_is_accepted_and_an_empty_file_means_the_defaults()
    {
        Assert.Equal(CmkScopeMode.None, Parse("""{"cmkScope": {"mode": "none"}}""").CmkScope.Mode);
        Assert.Equal(ScanConfiguration.Default, Parse(""));
    }

    [Theory]
    [InlineData("cmkscope:\n  mode: all\n", "(1,1): unknown key 'cmkscope'")]
    [InlineData("thresholds:\n  minimumRsaKeySize: big\n", "(2,22): thresholds.minimumRsaKeySize 'big' must be a whole number")]
    [InlineData("thresholds:\n  expiryWarningDay: 3\n", "(2,3): unknown key 'thresholds.expiryWarningDay'")]
    [InlineData("severityOverrides:\n  CMK1001: urgent\n", "(2,12): severityOverrides.CMK1001 'urgent' is not one of")]
    [InlineData("severityOverrides:\n  CMK7777: low\n", "(2,3): severityOverrides names 'CMK7777'")]
    [InlineData("cmkScope:\n  mode: tag\n", "cmkScope.mode 'tag' needs cmkScope.tag")]
    [InlineData("cmkScope: [1, 2]\n", "(1,11): cmkScope must be a mapping")]
    [InlineData("thresholds: {minimumRsaKeySize: 1}", "must be a whole number from 1024")]
    [InlineData("cmkScope: {mode: all\n", "not valid YAML or JSON")]
    [InlineData("maskIds: sometimes\n", "(1,10): maskIds 'sometimes' must be true or false")]
    [InlineData("formats: sarif\n", "(1,10): formats must be a list")]
    [InlineData("disabledRules: [CMK0000]\n", "disabledRules names 'CMK0000'")]
    [InlineData("scope: { tenants: [x] }\n", "unknown key 'scope.tenants'")]
    public void Mistakes_name_the_file_line_and_key(string text, string expected)
    {
        var error = Assert.Throws<ConfigurationException>(() => Parse(text));

        Assert.StartsWith("cmkaudit.yaml(", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_tag_scope_matches_tag_names_and_values_ignoring_case()
    {
        var scope = new CmkScope(CmkScopeMode.Tag, "Data-Classification", "Confidential");
        static Registry Tagged(string name, string value) =>
            new(new ResourceHeader("/subscriptions/s/r", "t", "r", new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [name] = value }, "f"), true, null, null, null, null, false, null);

        Assert.True(scope.Includes(Tagged("data-classification", "confidential")));
        Assert.False(scope.Includes(Tagged("data-classification", "public")));
        Assert.False(scope.Includes(Tagged("owner", "confidential")));
        Assert.True(new CmkScope(CmkScopeMode.Tag, "cmk").Includes(Tagged("CMK", "anything")));
    }
}
