import type { PluginCall, PluginHost } from '@touchpoint/runtime';
import type { Output } from './output.ts';

/**
 * The plugin host `touchpoint start` uses until channel and payment connections are configured:
 * channel messages are printed to the console instead of sent (so a newcomer sees the journey
 * talk), and any other plugin action fails with a clear message, so the case takes its error path
 * — nothing pretends to have charged a card.
 */
export function consoleChannels(output: Output): PluginHost {
  return {
    async invoke(call: PluginCall) {
      if (call.plugin.startsWith('channel-') && call.action === 'send') {
        output.out(`  [${call.plugin} → ${String(call.input.to ?? 'customer')}] ${String(call.input.text ?? '')}`);
        return { delivered: 'console' };
      }
      throw new Error(`no connection is configured for ${call.plugin}; configure one to run ${call.action}`);
    },
  };
}
