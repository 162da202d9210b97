// MSBuild task (compiled by RoslynCodeTaskFactory, see TorchSharpNative.targets).
//
// TorchSharp 0.107's libLibTorchSharp.so was linked against GCC 13's libstdc++ and so carries a
// version requirement on GLIBCXX_3.4.32. The only symbol under that version is
// _ZSt21ios_base_library_initv, which GCC 13's <iostream> references and nothing relocates.
// glibc 2.36 systems (Debian 12, Ubuntu 22.04) ship libstdc++ up to 3.4.30, so the loader refuses
// the library although it would never need the symbol. Marking that one requirement weak
// (VER_FLG_WEAK in its Vernaux entry of .gnu.version_r) makes the loader accept it, exactly as it
// accepts other optional versions.
//
// The patch is applied to the copy in the build output only: the file is rewritten through a
// temporary file and a rename, so a hard-linked NuGet cache entry is never modified.
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public class ElfWeakVersion : Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    /// <summary>The ELF shared libraries to patch (missing files are skipped).</summary>
    [Required] public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The version requirement to make weak, for example GLIBCXX_3.4.32.</summary>
    [Required] public string Version { get; set; } = "";

    public override bool Execute()
    {
        foreach (var item in Files)
        {
            var path = item.ItemSpec;
            if (!File.Exists(path)) continue;
            try
            {
                var bytes = File.ReadAllBytes(path);
                var result = MakeWeak(bytes, Version);
                if (result == PatchResult.Patched)
                {
                    // A new file (copied, so its mode is kept) replaces the old name: a hard link
                    // into the NuGet cache keeps pointing at the unpatched original.
                    var temp = path + ".weak-tmp";
                    File.Copy(path, temp, true);
                    using (var stream = new FileStream(temp, FileMode.Open, FileAccess.Write)) stream.Write(bytes, 0, bytes.Length);
                    File.Delete(path);
                    File.Move(temp, path);
                    Log.LogMessage(MessageImportance.Normal, $"TorchSharp native: marked the {Version} requirement of {path} weak (this host's libstdc++ lacks it)");
                }
            }
            catch (Exception e)
            {
                Log.LogError($"TorchSharp native: could not patch {path}: {e.Message}");
            }
        }
        return !Log.HasLoggedErrors;
    }

    public enum PatchResult { NotRequired, AlreadyWeak, Patched }

    /// <summary>Sets VER_FLG_WEAK on every Vernaux entry named <paramref name="version"/>.</summary>
    public static PatchResult MakeWeak(byte[] elf, string version)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != 'E' || elf[2] != 'L' || elf[3] != 'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1) throw new InvalidDataException("only 64-bit little-endian ELF is supported");

        long shoff = (long)BitConverter.ToUInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A);
        int shnum = BitConverter.ToUInt16(elf, 0x3C);
        var result = PatchResult.NotRequired;
        for (int i = 0; i < shnum; i++)
        {
            long sh = shoff + (long)i * shentsize;
            if (BitConverter.ToUInt32(elf, (int)sh + 4) != ShtGnuVerneed) continue;
            long offset = (long)BitConverter.ToUInt64(elf, (int)sh + 0x18);
            int link = (int)BitConverter.ToUInt32(elf, (int)sh + 0x28);
            uint count = BitConverter.ToUInt32(elf, (int)sh + 0x2C); // sh_info: number of Verneed entries
            long strtab = (long)BitConverter.ToUInt64(elf, (int)(shoff + (long)link * shentsize) + 0x18);

            long need = offset;
            for (uint n = 0; n < count; n++)
            {
                int auxCount = BitConverter.ToUInt16(elf, (int)need + 2);
                long aux = need + BitConverter.ToUInt32(elf, (int)need + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    string name = ReadString(elf, strtab + BitConverter.ToUInt32(elf, (int)aux + 8));
                    if (name == version)
                    {
                        ushort flags = BitConverter.ToUInt16(elf, (int)aux + 4);
                        if ((flags & VerFlgWeak) != 0) { if (result == PatchResult.NotRequired) result = PatchResult.AlreadyWeak; }
                        else
                        {
                            BitConverter.GetBytes((ushort)(flags | VerFlgWeak)).CopyTo(elf, (int)aux + 4);
                            result = PatchResult.Patched;
                        }
                    }
                    aux += BitConverter.ToUInt32(elf, (int)aux + 12);
                }
                need += BitConverter.ToUInt32(elf, (int)need + 12);
            }
        }
        return result;
    }

    private static string ReadString(byte[] bytes, long start)
    {
        long end = start;
        while (bytes[end] != 0) end++;
        return Encoding.ASCII.GetString(bytes, (int)start, (int)(end - start));
    }
}
