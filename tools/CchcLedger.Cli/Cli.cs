using System.CommandLine;
using System.Text;

namespace CchcLedger.Cli;

/// <summary>The <c>cchc</c> command line: the local PostgreSQL and the Lạng Sơn 2017 demo.</summary>
public static class Cli
{
    public static async Task<int> Main(string[] args)
    {
        // Vietnamese names must reach the terminal intact whatever the locale.
        Console.OutputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        return await Root().Parse(args).InvokeAsync();
    }

    public static RootCommand Root()
    {
        var root = new RootCommand("cchc — the CchcLedger command line: the local PostgreSQL, the demo, and the ledger's reads (now or as of an instant)");
        root.Subcommands.Add(DbCommands.Build());
        root.Subcommands.Add(DemoCommand.Build());
        root.Subcommands.Add(TokenCommand.Build());
        root.Subcommands.Add(AccountCommands.Build());
        foreach (var read in ReadCommands.Build()) root.Subcommands.Add(read);
        foreach (var command in PublicationCommands.Build()) root.Subcommands.Add(command);
        foreach (var command in IntegrityCommands.Build()) root.Subcommands.Add(command);
        foreach (var command in BackupCommands.Build()) root.Subcommands.Add(command);
        foreach (var command in ImportCommands.Build()) root.Subcommands.Add(command);
        return root;
    }
}
