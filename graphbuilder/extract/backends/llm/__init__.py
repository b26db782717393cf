"""LLM extraction backends: `vllm` (in-process) and `openai` (an OpenAI-compatible server).

Layout: `tasks` (what is asked, of which report kinds) with `prompts` (versioned files) and
`answers` (answer models derived from the domain model); `engine` (plan, cache, ask, retry) with
`cache`, `responses`, `grounding`, `convert`, `stability` and `assembly`; the runtimes
`vllm_engine` and `openai_client` (the only modules that import vLLM or httpx, lazily); `egress`
and `provenance`; `backend.create_llm_backend(name, settings)` puts them together. Importing
this package needs neither vLLM nor httpx, and loads no prompt.
"""

from graphbuilder.extract.backends.llm.settings import LLM_BACKENDS, LLMSettings

__all__ = ["LLM_BACKENDS", "LLMSettings"]
