using NasLab.Cli.Commands;

// Colour and live width only when a person is watching; redirected output stays plain and stable.
return NasLabApp.Run(args, Console.Out, Console.Error, interactiveTerminal: !Console.IsOutputRedirected);
