namespace ModelGen.Generators.Svm;

/// <summary>A kernel machine as <c>[Svm(...)]</c> or <c>[OneClassSvm(...)]</c> declares it, every option resolved (defaults from <c>SvmDefaults</c>), equatable.</summary>
internal sealed record SvmSpec(
    int AttributeIndex,
    bool OneClass,
    double Nu,
    SvmKernel Kernel,
    double C,
    SvmGamma Gamma,
    double GammaValue,
    int Degree,
    double Coef0,
    double Tolerance,
    int MaxIterations,
    double CacheMegabytes,
    bool Shrinking = true,
    bool Probability = false);
