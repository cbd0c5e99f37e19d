#include "cli/local_trigger.h"

#include "base/clock.h"
#include "cli/commands.h"

namespace sb::cli {

std::unique_ptr<LocalTrigger> LocalTrigger::Create(LocalTriggerConfig config,
                                                   trigger::StreamSource& source) {
  std::unique_ptr<LocalTrigger> t(new LocalTrigger());
  config.options.function_arn = trigger::FunctionArn(config.function);
  auto pool = trigger::FunctionPool::Create(config.function, config.concurrency);
  if (!pool.ok()) throw CliError(pool.error().message);
  t->pool_ = std::move(pool).value();

  auto store = trigger::CheckpointStore::Open(config.checkpoint_file, source.stream_arn());
  if (!store.ok()) {
    t->pool_->Shutdown();
    throw CliError(store.error().message + " (choose another checkpoint file)");
  }
  t->checkpoints_ = std::move(store).value();
  if (!config.failure_file.empty()) {
    t->failures_ = std::make_unique<trigger::JsonLinesFailureFile>(config.failure_file);
  }
  auto mapping = trigger::EventSourceMapping::Create(
      config.options,
      trigger::EventSourceMapping::Deps{source, *t->pool_, *t->checkpoints_, t->failures_.get(),
                                        RealClock::Instance(), RealSleeper::Instance()});
  if (!mapping.ok()) {
    t->pool_->Shutdown();
    throw CliError(mapping.error().message, 2);
  }
  t->mapping_ = std::move(mapping).value();
  return t;
}

LocalTrigger::~LocalTrigger() { Stop(); }

void LocalTrigger::Start() { mapping_->Start(); }

void LocalTrigger::Stop() {
  if (stopped_) return;
  stopped_ = true;
  mapping_->RequestStop();
  pool_->Shutdown();
  mapping_->Stop();
}

}  // namespace sb::cli
