using System.CommandLine;
using CmkAudit.Engine;

namespace CmkAudit.Cli;

/// <summary>Finds the configuration file and tells options given on the command line from defaults.</summary>
internal static class ConfigFile
{
    public const string DefaultName = "cmkaudit.yaml";

    /// <summary>The file named by --config, else ./cmkaudit.yaml when it exists, else no file.</summary>
    public static ConfigurationFile Load(string? path, IReadOnlyCollection<string> ruleIds)
    {
        if (path is null && File.Exists(DefaultName))
        {
            path = DefaultName;
        }
        return path is null ? ConfigurationFile.Empty : ConfigurationLoader.Load(path, ruleIds);
    }

    /// <summary>True when one of the options was typed on the command line (not a default).</summary>
    public static bool Given(ParseResult parse, params Option[] options) =>
        options.Any(o => parse.GetResult(o) is { Implicit: false });
}
