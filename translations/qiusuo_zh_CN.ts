<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>the window and the web view</source>
        <translation>窗口与网页视图</translation>
    </message>
    <message>
        <source>math typesetting</source>
        <translation>数学公式排版</translation>
    </message>
    <message>
        <source>code highlighting</source>
        <translation>代码高亮</translation>
    </message>
    <message>
        <source>Markdown</source>
        <translation>Markdown</translation>
    </message>
    <message>
        <source>public domain</source>
        <translation>公有领域</translation>
    </message>
    <message>
        <source>the conversation database</source>
        <translation>对话数据库</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>remote models</source>
        <translation>远程模型</translation>
    </message>
    <message>
        <source>tokenizers</source>
        <translation>分词器</translation>
    </message>
    <message>
        <source>About Qiusuo</source>
        <translation>关于求索</translation>
    </message>
    <message>
        <source>Qiusuo 求索</source>
        <translation>求索 Qiusuo</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>版本 %1</translation>
    </message>
    <message>
        <source>Chat with DeepSeek models on your own computer or through an API.</source>
        <translation>在本机或通过 API 与 DeepSeek 模型对话。</translation>
    </message>
    <message>
        <source>Bundled components</source>
        <translation>内含组件</translation>
    </message>
    <message>
        <source>Full license texts: /usr/share/doc/qiusuo/THIRD-PARTY-LICENSES.md</source>
        <translation>完整许可证文本：/usr/share/doc/qiusuo/THIRD-PARTY-LICENSES.md</translation>
    </message>
</context>
<context>
    <name>ApiKeyStore</name>
    <message>
        <source>No system keychain is available, so API keys are kept in %1, a file only your user account can read. Anyone with access to your account can read them.</source>
        <translation>系统钥匙串不可用，API 密钥因此保存在 %1 中，该文件只有你的用户账户可以读取。能访问你账户的人都能读到这些密钥。</translation>
    </message>
</context>
<context>
    <name>AppMenu</name>
    <message>
        <source>Menu</source>
        <translation>菜单</translation>
    </message>
    <message>
        <source>Export, settings and about</source>
        <translation>导出、设置和关于</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Export conversations</source>
        <translation>导出对话</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>About Qiusuo</source>
        <translation>关于求索</translation>
    </message>
</context>
<context>
    <name>ChatController</name>
    <message>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>The model is not ready.</source>
        <translation>模型尚未就绪。</translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <source>Chat with DeepSeek models, on this computer or remotely.</source>
        <translation>与 DeepSeek 模型对话，可在本机运行，也可连接远程服务。</translation>
    </message>
    <message>
        <source>Keep conversations and settings in &lt;dir&gt; instead of the default data folder (created when missing).</source>
        <translation>将对话和设置保存在 &lt;目录&gt; 中，而不是默认的数据文件夹（不存在时自动创建）。</translation>
    </message>
    <message>
        <source>dir</source>
        <translation>目录</translation>
    </message>
    <message>
        <source>unexpected argument “%1”; see qiusuo --help.</source>
        <translation>无法识别的参数“%1”；请参阅 qiusuo --help。</translation>
    </message>
    <message>
        <source>--profile needs a folder, e.g. --profile ~/qiusuo-test.</source>
        <translation>--profile 需要指定一个文件夹，例如 --profile ~/qiusuo-test。</translation>
    </message>
    <message>
        <source>the profile “%1” is a file, not a folder.</source>
        <translation>配置目录“%1”是一个文件，而不是文件夹。</translation>
    </message>
    <message>
        <source>Chat with the local GGUF model &lt;file&gt; (loaded at startup).</source>
        <translation>与本地 GGUF 模型 &lt;file&gt; 对话（启动时加载）。</translation>
    </message>
    <message>
        <source>file</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>--model needs a GGUF file, e.g. --model ~/models/DeepSeek-R1-Distill-Qwen-1.5B-Q4_K_M.gguf.</source>
        <translation>--model 需要一个 GGUF 文件，例如 --model ~/models/DeepSeek-R1-Distill-Qwen-1.5B-Q4_K_M.gguf。</translation>
    </message>
    <message>
        <source>the model file “%1” does not exist.</source>
        <translation>模型文件“%1”不存在。</translation>
    </message>
    <message>
        <source>the model “%1” is a folder, not a GGUF file.</source>
        <translation>模型“%1”是文件夹，不是 GGUF 文件。</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Edit the message; Enter sends it as a new branch, Esc cancels</source>
        <translation>编辑消息：按 Enter 作为新分支发送，按 Esc 取消</translation>
    </message>
    <message>
        <source>Message Qiusuo (Enter to send, Shift+Enter for a new line)</source>
        <translation>给求索发消息（Enter 发送，Shift+Enter 换行）</translation>
    </message>
    <message>
        <source>Choose a model to start chatting</source>
        <translation>请选择一个模型开始对话</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Deep thinking (R1)</source>
        <translation>深度思考 (R1)</translation>
    </message>
    <message>
        <source>Let the model reason step by step before it answers</source>
        <translation>让模型在回答前逐步推理</translation>
    </message>
    <message>
        <source>No model</source>
        <translation>未选择模型</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>模型：%1</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Stop the answer (Esc)</source>
        <translation>停止回答 (Esc)</translation>
    </message>
    <message>
        <source>Send (Enter)</source>
        <translation>发送 (Enter)</translation>
    </message>
</context>
<context>
    <name>ComposerStatus</name>
    <message>
        <source>Editing a message: sending it starts a new branch.</source>
        <translation>正在编辑消息：发送后将开始一个新分支。</translation>
    </message>
    <message>
        <source>Loading %1… %2%</source>
        <translation>正在加载 %1… %2%</translation>
    </message>
    <message>
        <source>No model is chosen. Start Qiusuo with “qiusuo --model PATH.gguf” to chat with a local model.</source>
        <translation>尚未选择模型。用“qiusuo --model PATH.gguf”启动求索即可与本地模型对话。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancel edit</source>
        <translation>取消编辑</translation>
    </message>
</context>
<context>
    <name>ConversationDelegate</name>
    <message>
        <source>%1, pinned, %2</source>
        <translation>%1，已置顶，%2</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1，%2</translation>
    </message>
    <message>
        <source>Conversation title</source>
        <translation>对话标题</translation>
    </message>
    <message>
        <source>More actions for “%1”</source>
        <translation>“%1”的更多操作</translation>
    </message>
    <message>
        <source>More actions</source>
        <translation>更多操作</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>取消置顶</translation>
    </message>
    <message>
        <source>Pin to top</source>
        <translation>置顶</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Conversation settings…</source>
        <translation>对话设置…</translation>
    </message>
    <message>
        <source>Conversation settings</source>
        <translation>对话设置</translation>
    </message>
</context>
<context>
    <name>ConversationPane</name>
    <message>
        <source>No messages yet</source>
        <translation>还没有消息</translation>
    </message>
    <message>
        <source>Start a conversation</source>
        <translation>开始一段对话</translation>
    </message>
    <message>
        <source>Messages of this conversation will appear here.</source>
        <translation>这段对话的消息会显示在这里。</translation>
    </message>
    <message>
        <source>Press Ctrl+N or click “New chat”.</source>
        <translation>按 Ctrl+N 或点击“新对话”。</translation>
    </message>
    <message>
        <source>Conversation settings</source>
        <translation>对话设置</translation>
    </message>
    <message>
        <source>Sampling and system prompt for this conversation only</source>
        <translation>仅用于此对话的采样参数和系统提示词</translation>
    </message>
</context>
<context>
    <name>ConversationSettingsDialog</name>
    <message>
        <source>Conversation settings</source>
        <translation>对话设置</translation>
    </message>
    <message>
        <source>For “%1” only. Values left on “Use the default” follow the Sampling and General settings.</source>
        <translation>仅用于“%1”。保持“使用默认值”的项目沿用“采样”和“常规”设置。</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <source>0 turns it off.</source>
        <translation>0 表示关闭。</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Min-p</source>
        <translation>Min-p</translation>
    </message>
    <message>
        <source>Maximum answer length</source>
        <translation>回答最大长度</translation>
    </message>
    <message>
        <source>In tokens; 0 means until the model stops or the context is full.</source>
        <translation>以 token 计；0 表示直到模型停止或上下文已满。</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>The same seed gives the same answer; -1 picks a new one each time.</source>
        <translation>相同的种子给出相同的回答；-1 表示每次随机选择。</translation>
    </message>
    <message>
        <source>random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <source>System prompt for this conversation</source>
        <translation>此对话的系统提示词</translation>
    </message>
    <message>
        <source>Use the default (%1)</source>
        <translation>使用默认值（%1）</translation>
    </message>
    <message>
        <source>“%1”</source>
        <translation>“%1”</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Custom text</source>
        <translation>自定义文本</translation>
    </message>
    <message>
        <source>Preset: %1</source>
        <translation>预设：%1</translation>
    </message>
    <message>
        <source>Uses the default system prompt from the General settings.</source>
        <translation>使用“常规”设置中的默认系统提示词。</translation>
    </message>
    <message>
        <source>Instructions the model gets before this conversation.</source>
        <translation>模型在此对话开始前收到的指示。</translation>
    </message>
    <message>
        <source>Custom system prompt</source>
        <translation>自定义系统提示词</translation>
    </message>
    <message>
        <source>Reset to defaults</source>
        <translation>恢复默认设置</translation>
    </message>
    <message>
        <source>Reset this conversation to the default settings</source>
        <translation>将此对话恢复为默认设置</translation>
    </message>
    <message>
        <source>Repetition penalty</source>
        <translation>重复惩罚</translation>
    </message>
    <message>
        <source>Above 1 discourages repeating recent tokens; 1 turns it off.</source>
        <translation>大于 1 时抑制重复最近的 token；1 表示关闭。</translation>
    </message>
    <message>
        <source>Presence penalty</source>
        <translation>存在惩罚</translation>
    </message>
    <message>
        <source>Above 0 discourages any token the answer already used; 0 turns it off.</source>
        <translation>大于 0 时抑制回答中已出现过的任何 token；0 表示关闭。</translation>
    </message>
    <message>
        <source>Frequency penalty</source>
        <translation>频率惩罚</translation>
    </message>
    <message>
        <source>Above 0 discourages a token the more often it was used; 0 turns it off.</source>
        <translation>大于 0 时 token 出现得越多越受抑制；0 表示关闭。</translation>
    </message>
    <message>
        <source>No system prompt</source>
        <translation>无系统提示词</translation>
    </message>
    <message>
        <source>Answers here get no system prompt, even if the General settings have one.</source>
        <translation>此对话的回答不使用系统提示词，即使“常规”设置中有默认提示词。</translation>
    </message>
    <message>
        <source>The context length is the same for every conversation: it is set when the model loads, in the General settings.</source>
        <translation>上下文长度对所有对话都相同：它在加载模型时确定，请在“常规”设置中修改。</translation>
    </message>
</context>
<context>
    <name>ConversationSettingsRow</name>
    <message>
        <source>Use the default (%1)</source>
        <translation>使用默认值（%1）</translation>
    </message>
    <message>
        <source>%1: use the default (%2)</source>
        <translation>%1：使用默认值（%2）</translation>
    </message>
</context>
<context>
    <name>DownloadManager</name>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>%1 at %2/s</source>
        <translation>%1，速度 %2/秒</translation>
    </message>
    <message>
        <source>Paused at %1.</source>
        <translation>已暂停，已下载 %1。</translation>
    </message>
    <message>
        <source>%1 Resume continues from %2.</source>
        <translation>%1 继续下载将从 %2 处接着进行。</translation>
    </message>
    <message>
        <source>Checking the SHA-256 of %1…</source>
        <translation>正在校验 %1 的 SHA-256…</translation>
    </message>
    <message>
        <source>Done: %1, SHA-256 verified.</source>
        <translation>完成：%1，SHA-256 校验通过。</translation>
    </message>
    <message>
        <source>Done: %1. Not verified: neither you nor the server gave a SHA-256.</source>
        <translation>完成：%1。未校验：你和服务器都没有提供 SHA-256。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a web address: paste a direct http:// or https:// link to a .gguf file.</source>
        <translation>“%1”不是网址：请粘贴指向 .gguf 文件的 http:// 或 https:// 直接链接。</translation>
    </message>
    <message>
        <source>The link does not end in a .gguf file name; use the file&apos;s direct download link.</source>
        <translation>链接不是以 .gguf 文件名结尾；请使用该文件的直接下载链接。</translation>
    </message>
    <message>
        <source>A SHA-256 is 64 hexadecimal digits; &quot;%1&quot; is not one.</source>
        <translation>SHA-256 由 64 位十六进制数字组成；“%1”不是。</translation>
    </message>
    <message>
        <source>%1 is already being downloaded.</source>
        <translation>%1 已在下载中。</translation>
    </message>
    <message>
        <source>%1 is already in %2.</source>
        <translation>%1 已经在 %2 中。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>The server answered %1 (%2) for %3.</source>
        <translation>服务器对 %3 返回了 %1（%2）。</translation>
    </message>
    <message>
        <source>The connection was lost (%1).</source>
        <translation>连接中断（%1）。</translation>
    </message>
    <message>
        <source>The server closed the connection before the end.</source>
        <translation>服务器在传输结束前关闭了连接。</translation>
    </message>
    <message>
        <source>The download is damaged: its SHA-256 is %1, but %2 was expected. It was deleted; download it again.</source>
        <translation>下载的文件已损坏：其 SHA-256 为 %1，应为 %2。文件已删除，请重新下载。</translation>
    </message>
    <message>
        <source>The download is complete but could not be renamed to %1.</source>
        <translation>下载已完成，但无法重命名为 %1。</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Markdown (.md)</source>
        <translation>Markdown (.md)</translation>
    </message>
    <message>
        <source>Web page (.html) — opens offline, math and code typeset</source>
        <translation>网页 (.html)：可离线打开，公式与代码已排版</translation>
    </message>
    <message>
        <source>PDF (.pdf)</source>
        <translation>PDF (.pdf)</translation>
    </message>
    <message>
        <source>JSON (.json) — everything, for backup and import</source>
        <translation>JSON (.json)：完整内容，用于备份与导入</translation>
    </message>
    <message>
        <source>Export conversations</source>
        <translation>导出对话</translation>
    </message>
    <message>
        <source>Qiusuo or ChatGPT export (*.json)</source>
        <translation>求索或 ChatGPT 导出文件 (*.json)</translation>
    </message>
    <message>
        <source>What</source>
        <translation>导出内容</translation>
    </message>
    <message>
        <source>This conversation: %1</source>
        <translation>当前对话：%1</translation>
    </message>
    <message>
        <source>This conversation</source>
        <translation>当前对话</translation>
    </message>
    <message>
        <source>All conversations, archived ones too</source>
        <translation>全部对话（含已归档）</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Include the reasoning</source>
        <translation>包含推理过程</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
</context>
<context>
    <name>FileSecretStore</name>
    <message>
        <source>Cannot read the key file %1: %2</source>
        <translation>无法读取密钥文件 %1：%2</translation>
    </message>
    <message>
        <source>The key file %1 is damaged; save your API keys again.</source>
        <translation>密钥文件 %1 已损坏；请重新保存你的 API 密钥。</translation>
    </message>
    <message>
        <source>Cannot save the key file %1: %2</source>
        <translation>无法保存密钥文件 %1：%2</translation>
    </message>
    <message>
        <source>the file could not be replaced</source>
        <translation>无法替换该文件</translation>
    </message>
</context>
<context>
    <name>InferenceSession</name>
    <message>
        <source>Loading %1 was cancelled.</source>
        <translation>已取消加载 %1。</translation>
    </message>
</context>
<context>
    <name>InferenceWorker</name>
    <message>
        <source>No model is loaded. Choose a model first.</source>
        <translation>尚未加载模型，请先选择一个模型。</translation>
    </message>
</context>
<context>
    <name>KeychainSecretStore</name>
    <message>
        <source>The system keychain refused: %1</source>
        <translation>系统钥匙串拒绝了请求：%1</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>%1 — Qiusuo</source>
        <translation>%1 — 求索</translation>
    </message>
    <message>
        <source>Qiusuo</source>
        <translation>求索</translation>
    </message>
</context>
<context>
    <name>ModelDownloadsPage</name>
    <message>
        <source>Download address</source>
        <translation>下载地址</translation>
    </message>
    <message>
        <source>https://huggingface.co/…/resolve/main/model.gguf</source>
        <translation>https://huggingface.co/…/resolve/main/model.gguf</translation>
    </message>
    <message>
        <source>Expected SHA-256 (optional)</source>
        <translation>预期的 SHA-256（可选）</translation>
    </message>
    <message>
        <source>SHA-256 (optional; Hugging Face sends its own)</source>
        <translation>SHA-256（可选；Hugging Face 会提供自己的）</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>保存到 %1</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Progress of %1</source>
        <translation>%1 的进度</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancel and delete the partial file</source>
        <translation>取消并删除未完成的文件</translation>
    </message>
    <message>
        <source>Remove from list</source>
        <translation>从列表中移除</translation>
    </message>
</context>
<context>
    <name>ModelLibraryModel</name>
    <message>
        <source>Fits: needs about %1 of this computer&apos;s %2 with a %3-token context.</source>
        <translation>可以运行：在 %3 个 token 的上下文下约需 %1，本机共有 %2。</translation>
    </message>
    <message>
        <source>Too large: needs about %1, this computer has %2 (with a %3-token context).</source>
        <translation>太大：约需 %1，本机只有 %2（上下文为 %3 个 token）。</translation>
    </message>
    <message>
        <source>%1 is not a folder.</source>
        <translation>%1 不是文件夹。</translation>
    </message>
    <message>
        <source>%1 does not exist or is not a file.</source>
        <translation>%1 不存在或不是文件。</translation>
    </message>
    <message>
        <source>%1 is not a GGUF model: Qiusuo opens .gguf files.</source>
        <translation>%1 不是 GGUF 模型：求索只能打开 .gguf 文件。</translation>
    </message>
    <message>
        <source>Runs on the CPU (%1)</source>
        <translation>在 CPU 上运行（%1）</translation>
    </message>
    <message>
        <source>No GPU: runs on the CPU (%1)</source>
        <translation>没有 GPU：在 CPU 上运行（%1）</translation>
    </message>
    <message>
        <source>there is no GPU number %1; GPUs found: %2</source>
        <translation>没有编号为 %1 的 GPU；找到的 GPU 数：%2</translation>
    </message>
    <message>
        <source>%1: %2 free</source>
        <translation>%1：可用 %2</translation>
    </message>
    <message>
        <source>Fits in GPU memory (%1)</source>
        <translation>可完全放入 GPU 显存（%1）</translation>
    </message>
    <message>
        <source>Partly on the GPU: %1 of %2 layers (%3)</source>
        <translation>部分在 GPU 上：%2 层中的 %1 层（%3）</translation>
    </message>
</context>
<context>
    <name>ModelLibraryPage</name>
    <message>
        <source>Add a GGUF model</source>
        <translation>添加 GGUF 模型</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF 模型 (*.gguf)</translation>
    </message>
    <message>
        <source>Add a folder of models</source>
        <translation>添加模型文件夹</translation>
    </message>
    <message>
        <source>Add model file…</source>
        <translation>添加模型文件…</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <source>Scan again</source>
        <translation>重新扫描</translation>
    </message>
    <message>
        <source>Folders: %1. Drop .gguf files here to add them.</source>
        <translation>文件夹：%1。把 .gguf 文件拖到这里即可添加。</translation>
    </message>
    <message>
        <source>Loading the model</source>
        <translation>正在加载模型</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>No models yet. Add a .gguf file, drop one here, or download one.</source>
        <translation>还没有模型。添加一个 .gguf 文件、拖到这里，或者下载一个。</translation>
    </message>
    <message>
        <source>%1, cannot be used: %2</source>
        <translation>%1，无法使用：%2</translation>
    </message>
    <message>
        <source>%1 · %2 parameters · %3 · context %4 · %5</source>
        <translation>%1 · %2 参数 · %3 · 上下文 %4 · %5</translation>
    </message>
    <message>
        <source>unknown type</source>
        <translation>未知类型</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>加载</translation>
    </message>
    <message>
        <source>Load %1</source>
        <translation>加载 %1</translation>
    </message>
    <message>
        <source>Forget</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Remove %1 from the library (the file stays)</source>
        <translation>从模型库中移除 %1（文件保留）</translation>
    </message>
    <message>
        <source>%1, %2 %3</source>
        <translation>%1，%2 %3</translation>
    </message>
    <message>
        <source>Unload</source>
        <translation>卸载</translation>
    </message>
    <message>
        <source>Unload %1</source>
        <translation>卸载 %1</translation>
    </message>
</context>
<context>
    <name>ProviderListModel</name>
    <message>
        <source>Custom server %1</source>
        <translation>自定义服务器 %1</translation>
    </message>
</context>
<context>
    <name>ProviderTester</name>
    <message>
        <source>Connected to %1, but the server lists no models.</source>
        <translation>已连接到 %1，但服务器没有列出任何模型。</translation>
    </message>
    <message>
        <source>Connected to %1: 1 model available.</source>
        <translation>已连接到 %1：有 1 个可用模型。</translation>
    </message>
    <message>
        <source>Connected to %1: %2 models available.</source>
        <translation>已连接到 %1：有 %2 个可用模型。</translation>
    </message>
    <message>
        <source>The server reported no balance.</source>
        <translation>服务器没有返回余额。</translation>
    </message>
    <message>
        <source>Balance: %1</source>
        <translation>余额：%1</translation>
    </message>
    <message>
        <source>(not enough to make requests)</source>
        <translation>（不足以发起请求）</translation>
    </message>
</context>
<context>
    <name>ProvidersPage</name>
    <message>
        <source>Providers</source>
        <translation>服务提供方</translation>
    </message>
    <message>
        <source>%1, key saved</source>
        <translation>%1，已保存密钥</translation>
    </message>
    <message>
        <source>Add server</source>
        <translation>添加服务器</translation>
    </message>
    <message>
        <source>Add an OpenAI-compatible server</source>
        <translation>添加兼容 OpenAI 的服务器</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Remove this server</source>
        <translation>移除此服务器</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>The API root, e.g. https://api.deepseek.com or http://127.0.0.1:8080/v1.</source>
        <translation>API 根地址，例如 https://api.deepseek.com 或 http://127.0.0.1:8080/v1。</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>&quot;Test connection&quot; fills this list from the server.</source>
        <translation>“测试连接”会从服务器获取此列表。</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>A key is saved. Type a new one to replace it.</source>
        <translation>已保存密钥。输入新密钥即可替换。</translation>
    </message>
    <message>
        <source>No key saved.</source>
        <translation>尚未保存密钥。</translation>
    </message>
    <message>
        <source>Paste the key here</source>
        <translation>在此粘贴密钥</translation>
    </message>
    <message>
        <source>Save key</source>
        <translation>保存密钥</translation>
    </message>
    <message>
        <source>Forget key</source>
        <translation>删除密钥</translation>
    </message>
    <message>
        <source>Allow plain http:// to another computer (the key and chats travel unencrypted)</source>
        <translation>允许通过明文 http:// 连接其他计算机（密钥和对话将不加密传输）</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>Check balance</source>
        <translation>查询余额</translation>
    </message>
    <message>
        <source>Chat with this provider</source>
        <translation>用此服务聊天</translation>
    </message>
</context>
<context>
    <name>RelativeTime</name>
    <message>
        <source>Just now</source>
        <translation>刚刚</translation>
    </message>
    <message numerus="yes">
        <source>%n min ago</source>
        <comment>minutes</comment>
        <translation>
            <numerusform>%n 分钟前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <comment>hours</comment>
        <translation>
            <numerusform>%n 小时前</numerusform>
        </translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message numerus="yes">
        <source>%n days ago</source>
        <comment>calendar days</comment>
        <translation>
            <numerusform>%n 天前</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SearchField</name>
    <message>
        <source>Search messages (Ctrl+F)</source>
        <translation>搜索消息 (Ctrl+F)</translation>
    </message>
    <message>
        <source>Search messages</source>
        <translation>搜索消息</translation>
    </message>
</context>
<context>
    <name>SearchResults</name>
    <message>
        <source>Search results</source>
        <translation>搜索结果</translation>
    </message>
    <message>
        <source>No messages match “%1”.</source>
        <translation>没有消息匹配“%1”。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <source>Sampling</source>
        <translation>采样</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Providers</source>
        <translation>服务提供方</translation>
    </message>
</context>
<context>
    <name>SettingsGeneralPage</name>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <source>Sent at the start of every new conversation. DeepSeek recommends none for R1.</source>
        <translation>在每个新对话开头发送。DeepSeek 建议 R1 不使用系统提示词。</translation>
    </message>
    <message>
        <source>No system prompt</source>
        <translation>无系统提示词</translation>
    </message>
    <message>
        <source>System prompt presets</source>
        <translation>系统提示词预设</translation>
    </message>
    <message>
        <source>No presets saved</source>
        <translation>尚未保存预设</translation>
    </message>
    <message>
        <source>Use</source>
        <translation>使用</translation>
    </message>
    <message>
        <source>Use the selected preset</source>
        <translation>使用所选预设</translation>
    </message>
    <message>
        <source>Delete the selected preset</source>
        <translation>删除所选预设</translation>
    </message>
    <message>
        <source>Preset name</source>
        <translation>预设名称</translation>
    </message>
    <message>
        <source>Name for this prompt</source>
        <translation>为此提示词命名</translation>
    </message>
    <message>
        <source>Save as preset</source>
        <translation>保存为预设</translation>
    </message>
    <message>
        <source>Context length</source>
        <translation>上下文长度</translation>
    </message>
    <message>
        <source>Tokens the local model keeps in view; more needs more memory.</source>
        <translation>本地模型可见的 token 数；越多占用内存越多。</translation>
    </message>
    <message>
        <source>CPU threads</source>
        <translation>CPU 线程数</translation>
    </message>
    <message>
        <source>0 uses one thread per physical core.</source>
        <translation>0 表示每个物理核心一个线程。</translation>
    </message>
    <message>
        <source>GPU layers</source>
        <translation>GPU 层数</translation>
    </message>
    <message>
        <source>Layers to run on the graphics card: -1 as many as fit, 0 none.</source>
        <translation>放到显卡上运行的层数：-1 表示尽可能多，0 表示不用显卡。</translation>
    </message>
    <message>
        <source>GPU device</source>
        <translation>GPU 设备</translation>
    </message>
    <message>
        <source>Which graphics card to use, counting from 0.</source>
        <translation>使用哪块显卡，从 0 开始编号。</translation>
    </message>
    <message>
        <source>Reasoning</source>
        <translation>思考过程</translation>
    </message>
    <message>
        <source>How the model&apos;s thinking is shown above its answer.</source>
        <translation>模型的思考过程在回答上方如何显示。</translation>
    </message>
    <message>
        <source>Shown</source>
        <translation>展开</translation>
    </message>
    <message>
        <source>Collapsed</source>
        <translation>折叠</translation>
    </message>
    <message>
        <source>Hidden</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>Font size</source>
        <translation>字号</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Takes effect at once, no restart needed.</source>
        <translation>立即生效，无需重启。</translation>
    </message>
    <message>
        <source>Reset to defaults</source>
        <translation>恢复默认设置</translation>
    </message>
    <message>
        <source>Reset every setting to its default</source>
        <translation>将所有设置恢复为默认值</translation>
    </message>
    <message>
        <source>Reset every setting?</source>
        <translation>恢复所有设置？</translation>
    </message>
    <message>
        <source>Sampling, engine, appearance and language go back to their defaults. Your system prompt presets and API keys are kept.</source>
        <translation>采样、引擎、外观和语言将恢复为默认值。你的系统提示词预设和 API 密钥会保留。</translation>
    </message>
    <message>
        <source>Titles</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>After the first answer the model names the conversation in a few words. A name you give it is never replaced.</source>
        <translation>第一个回答之后，模型会用几个词为对话命名。您自己起的名字永远不会被替换。</translation>
    </message>
    <message>
        <source>Model-written titles</source>
        <translation>由模型撰写标题</translation>
    </message>
</context>
<context>
    <name>SettingsSamplingPage</name>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Higher is more varied, lower more focused. DeepSeek recommends 0.6 for R1.</source>
        <translation>越高越多样，越低越集中。DeepSeek 建议 R1 使用 0.6。</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>Sample only from the most likely tokens that together reach this probability.</source>
        <translation>只从累计概率达到该值的最可能 token 中采样。</translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <source>Sample from at most this many tokens; 0 turns it off.</source>
        <translation>最多从这么多个 token 中采样；0 表示关闭。</translation>
    </message>
    <message>
        <source>Min-p</source>
        <translation>Min-p</translation>
    </message>
    <message>
        <source>Drop tokens less likely than this fraction of the best one; 0 turns it off.</source>
        <translation>丢弃概率低于最可能 token 这一比例的 token；0 表示关闭。</translation>
    </message>
    <message>
        <source>Repetition penalty</source>
        <translation>重复惩罚</translation>
    </message>
    <message>
        <source>Above 1 discourages repeating recent tokens; 1 turns it off.</source>
        <translation>大于 1 时抑制重复最近的 token；1 表示关闭。</translation>
    </message>
    <message>
        <source>Presence penalty</source>
        <translation>存在惩罚</translation>
    </message>
    <message>
        <source>Frequency penalty</source>
        <translation>频率惩罚</translation>
    </message>
    <message>
        <source>Maximum answer length</source>
        <translation>回答最大长度</translation>
    </message>
    <message>
        <source>In tokens; 0 means until the model stops or the context is full.</source>
        <translation>以 token 计；0 表示直到模型停止或上下文已满。</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>The same seed gives the same answer; -1 picks a new one each time.</source>
        <translation>相同的种子给出相同的回答；-1 表示每次随机选择。</translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <source>Conversations</source>
        <translation>对话列表</translation>
    </message>
    <message>
        <source>Qiusuo</source>
        <translation>求索</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>Start a new conversation (Ctrl+N)</source>
        <translation>开始新的对话（Ctrl+N）</translation>
    </message>
    <message>
        <source>Pinned</source>
        <translation>已置顶</translation>
    </message>
    <message>
        <source>Recent</source>
        <translation>最近</translation>
    </message>
    <message>
        <source>No conversations yet.</source>
        <translation>还没有对话。</translation>
    </message>
</context>
<context>
    <name>StartupProblem</name>
    <message>
        <source>Qiusuo — cannot open your conversations</source>
        <translation>求索 — 无法打开你的对话</translation>
    </message>
    <message>
        <source>Your conversation database is damaged</source>
        <translation>你的对话数据库已损坏</translation>
    </message>
    <message>
        <source>Qiusuo cannot open your conversations</source>
        <translation>求索无法打开你的对话</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Quit Qiusuo</source>
        <translation>退出求索</translation>
    </message>
    <message>
        <source>Move it aside and start afresh</source>
        <translation>移到一旁并重新开始</translation>
    </message>
    <message>
        <source>Moving it aside keeps the damaged file, renamed, in the same folder: nothing is deleted.</source>
        <translation>移到一旁会将损坏的文件改名后保留在同一文件夹中，不会删除任何内容。</translation>
    </message>
</context>
<context>
    <name>TranscriptBridge</name>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Thinking… %1 s</source>
        <translation>思考中… %1 秒</translation>
    </message>
    <message>
        <source>Thought for %1 s</source>
        <translation>已深度思考（用时 %1 秒）</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
    <message>
        <source>Copy code</source>
        <translation>复制代码</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>Previous version</source>
        <translation>上一版本</translation>
    </message>
    <message>
        <source>Next version</source>
        <translation>下一版本</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Jump to latest</source>
        <translation>跳到最新</translation>
    </message>
    <message>
        <source>code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>This formula could not be typeset</source>
        <translation>此公式无法排版</translation>
    </message>
</context>
<context>
    <name>TranscriptMapping</name>
    <message numerus="yes">
        <source>%n tokens</source>
        <translation>
            <numerusform>%n 个词元</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 tok/s</source>
        <translation>%1 词元/秒</translation>
    </message>
    <message>
        <source>first token %1 s</source>
        <translation>首词元 %1 秒</translation>
    </message>
    <message>
        <source>thought %1 s</source>
        <translation>思考 %1 秒</translation>
    </message>
</context>
<context>
    <name>TranscriptView</name>
    <message>
        <source>Transcript</source>
        <translation>对话记录</translation>
    </message>
</context>
<context>
    <name>UndoBanner</name>
    <message>
        <source>“%1” deleted</source>
        <translation>已删除“%1”</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Undo the deletion</source>
        <translation>撤销删除</translation>
    </message>
</context>
<context>
    <name>qiusuo::ui::ConversationExporter</name>
    <message>
        <source>Exported to %1.</source>
        <translation>已导出到 %1。</translation>
    </message>
    <message>
        <source>PDF export needs qiusuo-html2pdf next to the app; export HTML instead and print it from a browser.</source>
        <translation>导出 PDF 需要与应用放在一起的 qiusuo-html2pdf；请改为导出 HTML，再用浏览器打印。</translation>
    </message>
    <message>
        <source>Printing the PDF failed: %1</source>
        <translation>生成 PDF 失败：%1</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n conversation(s)</source>
        <translation>
            <numerusform>已导入 %n 个对话</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; %n already present</source>
        <translation>
            <numerusform>；%n 个已存在</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
</TS>
