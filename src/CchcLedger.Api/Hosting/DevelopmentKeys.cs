namespace CchcLedger.Api.Hosting;

/// <summary>
/// Keys made on first use for development (the token signing key, the checkpoint key, the event MAC key), each in a
/// file only its owner can read, with a warning. Several processes or hosts starting at once must end up with one key:
/// the key file is created only if none is there yet (an exclusive create), so the first one wins and every other
/// reads it once written.
/// </summary>
public static class DevelopmentKeys
{
    /// <summary>
    /// A key's text from <paramref name="configuredFile"/> (the setting <paramref name="setting"/><c>File</c>), else from
    /// <paramref name="developmentFile"/>. Outside production a missing file is made with <paramref name="create"/> (and
    /// <paramref name="warning"/> logged); a production ledger never makes its keys: it needs the setting, and its file must exist.
    /// </summary>
    public static string Read(string? configuredFile, string developmentFile, string setting, bool production, Func<string> create, string warning, ILogger? log)
    {
        if (!production) return ReadOrCreate(configuredFile ?? developmentFile, create, warning, log);
        if (configuredFile is null)
            throw new InvalidOperationException($"No {setting} or {setting}File configured: a production ledger needs a key of its own, kept outside the database (docs/operations.md, \"Secrets and keys\").");
        if (!File.Exists(configuredFile))
            throw new InvalidOperationException($"{setting}File {configuredFile} does not exist: a production ledger never makes its keys. Create the key (docs/operations.md, \"Secrets and keys\") or correct the path.");
        return File.ReadAllText(configuredFile);
    }

    /// <summary>The text of <paramref name="file"/>, created with <paramref name="create"/> when it does not exist.</summary>
    public static string ReadOrCreate(string file, Func<string> create, string warning, ILogger? log)
    {
        if (File.Exists(file)) return ReadWritten(file);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        try
        {
            // Created only if absent (O_CREAT | O_EXCL): of several makers at once exactly one creates the file.
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var stream = new FileStream(file, options))
            using (var writer = new StreamWriter(stream))
                writer.Write(create());
            if (log is not null) log.LogWarning("{Warning}", warning); else Console.Error.WriteLine($"warn: {warning}");
        }
        catch (IOException) when (File.Exists(file))
        {
            // another process made the key first: it is the key
        }
        return ReadWritten(file);
    }

    /// <summary>The file's text once its maker has written it (a reader may find it created but not yet written).</summary>
    private static string ReadWritten(string file)
    {
        for (var attempt = 0; ; attempt++)
        {
            var text = File.ReadAllText(file);
            if (text.Length > 0 || attempt == 100) return text;
            Thread.Sleep(10);
        }
    }
}
