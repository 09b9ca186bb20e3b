"""Chat-app bridges (WeCom, Telegram): each turns a platform callback into a gateway chat turn."""
