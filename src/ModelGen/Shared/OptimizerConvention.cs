// Linked as source into ModelGen.Generators so the generator and the runtime cannot disagree.
namespace ModelGen;

/// <summary>
/// Whose formulas and defaults an adaptive optimizer follows. They differ where ε enters: a user porting hyperparameters
/// from one framework gets that framework's steps only with its convention.
/// </summary>
#if MODELGEN_GENERATOR
internal
#else
public
#endif
enum OptimizerConvention
{
    /// <summary>
    /// Keras's: Adam adds ε to √v before the bias correction (<c>w −= η·√(1−β₂ᵗ)/(1−β₁ᵗ)·m/(√v + ε)</c>); RMSprop adds ε
    /// inside the square root (<c>η·g/√(v + ε)</c>) and its momentum accumulates steps. Defaults: ε 1e-7, AdamW weight
    /// decay 0.004, RMSprop ρ 0.9 and learning rate 0.001.
    /// </summary>
    Keras = 0,

    /// <summary>
    /// PyTorch's <c>torch.optim</c>: Adam adds ε to the bias-corrected √v̂ (<c>w −= η/(1−β₁ᵗ)·m/(√v/√(1−β₂ᵗ) + ε)</c>);
    /// RMSprop adds ε outside the square root (<c>g/(√v + ε)</c>) and its momentum buffer accumulates <c>g/(√v + ε)</c>,
    /// scaled by η when applied. Defaults: ε 1e-8, AdamW weight decay 0.01, RMSprop α (ρ) 0.99 and learning rate 0.01.
    /// </summary>
    PyTorch = 1,
}
