"""The Gradio chat: calls the assistant in-process and shows each answer's cited quotes."""

from __future__ import annotations

import gradio as gr

from .answer import Assistant


def build_ui(assistant: Assistant) -> gr.Blocks:
    """A chat over the assistant (the full UI is built on this)."""

    def respond(message: str, history: list[dict]) -> str:
        if not message or not message.strip():
            return "请输入问题，例如：第22条讲什么？"
        turns = [{"role": m["role"], "content": m["content"] if isinstance(m["content"], str) else ""} for m in history]
        return assistant.ask(message[:1000], turns).answer

    with gr.Blocks(title="规划助手") as demo:
        gr.ChatInterface(respond, examples=["到2025年建设多少个未来社区？", "第22条讲什么？"])
    return demo
