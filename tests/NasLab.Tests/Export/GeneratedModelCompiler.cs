using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using static TorchSharp.torch;

namespace NasLab.Tests.Export;

/// <summary>
/// Compiles generated model code in memory with Roslyn, as a user's project referencing only TorchSharp would,
/// and instantiates its class.
/// </summary>
public static class GeneratedModelCompiler
{
    // The .NET framework assemblies plus TorchSharp.dll, nothing of NasLab: what a project with one TorchSharp reference sees.
    private static readonly Lazy<MetadataReference[]> References = new(() =>
    {
        var frameworkDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.Ordinal) && Path.GetDirectoryName(p) == frameworkDir)
            .Append(typeof(TorchSharp.torch).Assembly.Location)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray();
    });

    /// <summary>Names of the assemblies generated code may reference: the framework's and TorchSharp.</summary>
    public static IEnumerable<string> ReferencedAssemblyNames => References.Value.Select(r => Path.GetFileNameWithoutExtension(r.Display!));

    public static nn.Module<Tensor, Tensor> Instantiate(string source, string className, string namespaceName = "NasLab.Models")
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest));
        var compilation = CSharpCompilation.Create("Generated" + Guid.NewGuid().ToString("N"), [tree], References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        // Warnings count too: generated code should be as clean as hand-written code.
        var problems = result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(result.Success && problems.Count == 0,
            "generated code does not compile cleanly:\n" + string.Join("\n", problems) + "\n---\n" + source);
        var assembly = Assembly.Load(image.ToArray());
        Assert.DoesNotContain(assembly.GetReferencedAssemblies(), a => a.Name!.StartsWith("NasLab", StringComparison.Ordinal));
        var type = assembly.GetType($"{namespaceName}.{className}") ?? throw new InvalidOperationException($"no class {className}");
        return (nn.Module<Tensor, Tensor>)Activator.CreateInstance(type)!;
    }
}
