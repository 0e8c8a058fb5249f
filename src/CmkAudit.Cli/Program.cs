using CmkAudit.Cli;

return await CliApp.RunAsync(args, new CliEnvironment(TimeProvider.System, Console.Out, Console.Error, Interactive: !Console.IsOutputRedirected));
