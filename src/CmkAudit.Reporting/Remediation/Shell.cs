using System.Text;

namespace CmkAudit.Reporting.Remediation;

/// <summary>
/// The shells remediation scripts are written for, with their quoting. Every value taken from Azure goes through
/// <see cref="Quote"/>: resource group names hold '(', ')' and '.', tags hold anything.
/// </summary>
public sealed class Shell
{
    public static readonly Shell Bash = new("bash", QuoteBash, q => $"if confirm {QuoteBash(q)}; then", "fi");
    public static readonly Shell PowerShell = new("powershell", QuotePowerShell, q => $"if (Confirm-Step {QuotePowerShell(q)}) {{", "}");

    private readonly Func<string, string> _quote;

    private Shell(string name, Func<string, string> quote, Func<string, string> confirm, string endConfirm)
    {
        Name = name;
        _quote = quote;
        Confirm = confirm;
        EndConfirm = endConfirm;
    }

    public string Name { get; }

    /// <summary>The line that opens a block run only after the user says yes.</summary>
    public Func<string, string> Confirm { get; }

    public string EndConfirm { get; }

    public string Quote(string value) => _quote(value);

    /// <summary>Text for a one-line comment: control characters (a newline would end the comment) become spaces.</summary>
    public static string CommentText(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsControl(c) ? ' ' : c);
        }
        return builder.ToString();
    }

    /// <summary>Single quotes keep everything literal in bash; a quote inside is closed, escaped and reopened.</summary>
    private static string QuoteBash(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>
    /// Single quotes keep everything literal in PowerShell; a quote inside is doubled. PowerShell also treats the
    /// typographic single quotes as quotes, so those are doubled too.
    /// </summary>
    private static string QuotePowerShell(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('\'');
        foreach (var c in value)
        {
            builder.Append(c);
            if (c is '\'' or '\u2018' or '\u2019' or '\u201A' or '\u201B')
            {
                builder.Append(c);
            }
        }
        return builder.Append('\'').ToString();
    }
}
