/** What each live control does, shown on hover: its effect, its formula and the paper's value. */
import type { ControlKey } from '../../../engine/search/events';
import type { LossForm } from '../../../engine/schemas';

export function controlHelp(key: ControlKey, form: LossForm): string {
  switch (key) {
    case 'tau':
      return 'Temperature of the Gumbel-softmax: m = softmax((θ + g) / τ). High τ mixes all blocks evenly; low τ makes each image pick nearly one block. Annealed τ = τ₀·decay^epoch (paper: τ₀ = 5, decay 0.956 per epoch). Dragging it overrides the schedule until the next run.';
    case 'alpha':
      return form === 'paper'
        ? 'α scales the whole loss CE·α·(log LAT_µs)^β. Adam on θ barely notices a scale, so in this form α changes almost nothing; β is the latency knob. Paper: α = 0.2.'
        : form === 'additive'
          ? 'α weighs the latency term in CE + α·(log LAT_µs)^β: higher α, more pressure towards fast blocks. Paper value (for its multiplicative form): 0.2.'
          : 'α is not used by the target form CE·max(1, E[LAT]/T)^β.';
    case 'beta':
      return form === 'target'
        ? 'β is the latency pressure above the target: loss = CE·max(1, E[LAT]/T)^β, so 1 % more latency above T costs about β % more loss. β = 0 searches for accuracy alone.'
        : `β is the latency exponent in ${form === 'paper' ? 'CE·α·(log LAT_µs)^β' : 'CE + α·(log LAT_µs)^β'}: higher β, faster networks. β = 0 searches for accuracy alone. Paper: β = 0.6.`;
    case 'targetMs':
      return 'T, the latency the search aims for, in ms of the active table: no pressure at or below T, loss × (E[LAT]/T)^β above it. Drawn on the E[LAT] chart. The paper has no target (MnasNet-style).';
    case 'wLr':
      return 'Peak learning rate of the supernet weights (SGD, momentum 0.9, cosine decay). Paper: 0.1.';
    case 'thetaLr':
      return 'Learning rate of the architecture logits θ (Adam). Paper: 0.01; the small presets use more so that θ moves within minutes.';
  }
}
