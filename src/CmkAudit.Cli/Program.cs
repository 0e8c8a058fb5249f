using CmkAudit.Cli;

return CliApp.Run(args, new CliEnvironment(TimeProvider.System, Console.Out, Console.Error, Interactive: !Console.IsOutputRedirected));
